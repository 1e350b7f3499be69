from kombel.core.whatsapp import wa_link


def test_wa_link_encodes_text_for_a_group_or_a_person():
    assert wa_link("Lokakarya besok 13.30 di Aula") == (
        "https://wa.me/?text=Lokakarya%20besok%2013.30%20di%20Aula"
    )
    assert wa_link("Halo & selamat", phone="6281234567890") == (
        "https://wa.me/6281234567890?text=Halo%20%26%20selamat"
    )


def test_wa_link_without_text_just_opens_the_chat():
    assert wa_link("", phone="6281234567890") == "https://wa.me/6281234567890"
