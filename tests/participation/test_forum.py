"""The learning forum: membership of spaces, threads, photos, moderation, small pages."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kombel.core.models import AuditLog
from kombel.core.uploads import MAX_UPLOAD_BYTES
from kombel.participation import queries, services
from kombel.participation.enums import SpaceKind
from kombel.participation.models import Post, Report, Thread
from tests.factories import SchoolClassFactory
from tests.factories.participation import PostFactory, SpaceFactory, ThreadFactory

pytestmark = pytest.mark.usefixtures("unscoped")


def photo(size=(3000, 2000), fmt="JPEG", name="foto.jpg"):  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 80)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def class_space(school, klass):  # type: ignore[no-untyped-def]
    return SpaceFactory(school=school, kind=SpaceKind.CLASS, school_class=klass, title="VII-A")


def test_spaces_a_parent_leader_and_teacher_see(
    school, klass, class_space, parent, leader, teacher
):
    everyone = SpaceFactory(school=school, kind=SpaceKind.PARENTS, title="Semua orang tua")
    community = SpaceFactory(school=school, kind=SpaceKind.COMMUNITY, title="Bersama tokoh")
    other_class = SpaceFactory(
        school=school,
        kind=SpaceKind.CLASS,
        school_class=SchoolClassFactory(school=school, name="IX-B", grade=9),
        title="IX-B",
    )
    assert set(queries.spaces_for_user(school, parent)) == {everyone, community, class_space}
    assert set(queries.spaces_for_user(school, leader)) == {community}
    assert set(queries.spaces_for_user(school, teacher)) == {
        everyone,
        community,
        class_space,
        other_class,
    }


def test_a_parent_trying_another_class_space_gets_a_clear_403(client, school, parent):
    other = SpaceFactory(
        school=school,
        kind=SpaceKind.CLASS,
        school_class=SchoolClassFactory(school=school, name="IX-B", grade=9),
    )
    client.force_login(parent)
    response = client.get(f"/s/{school.npsn}/participation/spaces/{other.pk}/")
    assert response.status_code == 403
    assert b"another class" in response.content
    with pytest.raises(ValidationError) as info:
        services.thread_create(actor=parent, space=other, title="T", body="B")
    assert info.value.code == "forbidden"


def test_a_post_with_script_is_kept_as_text_and_shown_escaped(client, school, class_space, parent):
    thread = services.thread_create(
        actor=parent,
        space=class_space,
        title="<b>PR</b>",
        body='<script>alert("x")</script> Bagaimana?',
        link="https://example.org/materi",
    )
    client.force_login(parent)
    page = client.get(f"/s/{school.npsn}/participation/threads/{thread.pk}/")
    assert b"<script>alert" not in page.content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.content
    assert Post.objects.get().body.startswith("<script>")
    assert b'rel="nofollow noopener ugc"' in page.content


def test_a_javascript_link_is_refused(school, class_space, parent):
    with pytest.raises(ValidationError) as info:
        services.thread_create(
            actor=parent, space=class_space, title="T", body="B", link="javascript:alert(1)"
        )
    assert "link" in info.value.message_dict
    assert not Thread.objects.exists()


def test_photos_are_resized_and_the_original_not_kept(school, class_space, parent):
    thread = services.thread_create(
        actor=parent, space=class_space, title="Foto", body="Kegiatan", photo=photo()
    )
    post = Post.objects.get(thread=thread)
    with Image.open(post.photo) as display, Image.open(post.thumbnail) as thumb:
        assert max(display.size) == 1280 and max(thumb.size) == 320


def test_an_over_size_photo_is_refused_and_nothing_is_saved(school, class_space, parent):
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff" + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as info:
        services.thread_create(actor=parent, space=class_space, title="T", body="B", photo=big)
    assert "10 MB" in info.value.message_dict["photo"][0]
    assert not Thread.objects.exists()


def test_a_renamed_file_is_not_a_photo(school, class_space, parent):
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo")
    with pytest.raises(ValidationError) as info:
        services.thread_create(actor=parent, space=class_space, title="T", body="B", photo=fake)
    assert "photo" in info.value.message_dict


def test_an_over_size_photo_on_the_page_keeps_the_text(client, school, class_space, parent):
    client.force_login(parent)
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff" + b"0" * MAX_UPLOAD_BYTES)
    response = client.post(
        f"/s/{school.npsn}/participation/spaces/{class_space.pk}/new/",
        {"title": "Judul", "body": "Teks panjang saya", "photo": big},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert response.context["form"]["body"].value() == "Teks panjang saya"


def test_replies_move_the_thread_up_and_locked_threads_take_none(
    school, class_space, parent, facilitator
):
    thread = services.thread_create(actor=parent, space=class_space, title="T", body="B")
    services.post_create(actor=facilitator, thread=thread, body="Jawaban guru")
    assert thread.reply_count == 1
    services.thread_flag(actor=facilitator, thread=thread, locked=True)
    with pytest.raises(ValidationError, match="locked"):
        services.post_create(actor=parent, thread=thread, body="Lagi")
    assert Post.objects.filter(thread=thread).count() == 2


def test_only_moderators_pin(school, class_space, parent, facilitator):
    with pytest.raises(ValidationError):
        services.thread_create(actor=parent, space=class_space, title="T", body="B", pinned=True)
    pinned = services.thread_create(
        actor=facilitator, space=class_space, title="Pengumuman", body="B", pinned=True
    )
    later = services.thread_create(actor=parent, space=class_space, title="Baru", body="B")
    assert list(queries.threads_of_space(class_space, parent, False)) == [pinned, later]


def test_hiding_keeps_the_post_and_shows_the_author_why(
    client, school, class_space, parent, teacher, facilitator
):
    thread = services.thread_create(actor=teacher, space=class_space, title="T", body="B")
    post = services.post_create(actor=parent, thread=thread, body="Nomor HP guru: 0812...")
    services.post_report(actor=teacher, post=post, reason="Data pribadi")
    with pytest.raises(ValidationError, match="already"):
        services.post_report(actor=teacher, post=post, reason="Lagi")
    services.post_hide(actor=facilitator, post=post, reason="Berisi data pribadi")
    assert Post.objects.filter(pk=post.pk).exists()
    assert Report.objects.get().resolved_at is not None
    client.force_login(parent)
    own = client.get(f"/s/{school.npsn}/participation/threads/{thread.pk}/")
    assert b"Berisi data pribadi" in own.content and b"Nomor HP guru" in own.content
    client.force_login(teacher)
    other = client.get(f"/s/{school.npsn}/participation/threads/{thread.pk}/")
    assert b"Berisi data pribadi" in other.content and b"Nomor HP guru" not in other.content
    assert AuditLog.objects.filter(action="participation.post.hidden").exists()


def test_a_hidden_thread_leaves_the_list_but_not_the_database(
    school, class_space, parent, teacher, facilitator
):
    thread = services.thread_create(actor=parent, space=class_space, title="T", body="B")
    opening = Post.objects.get(thread=thread)
    services.post_hide(actor=facilitator, post=opening, reason="Bukan tempatnya")
    assert list(queries.threads_of_space(class_space, teacher, False)) == []
    assert list(queries.threads_of_space(class_space, parent, False)) == [thread]
    assert list(queries.threads_of_space(class_space, facilitator, True)) == [thread]


def test_thread_page_is_paged_and_costs_the_same_queries_at_any_length(
    client, school, class_space, parent, django_assert_num_queries
):
    thread = ThreadFactory(space=class_space, author=parent)
    PostFactory(thread=thread, author=parent, is_opening=True)
    client.force_login(parent)
    url = f"/s/{school.npsn}/participation/threads/{thread.pk}/"
    client.get(url)
    with django_assert_num_queries(6) as small:
        assert client.get(url).status_code == 200
    for _i in range(45):
        PostFactory(thread=thread, author=parent)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(url + "?page=3")
    assert len(page.context["page"].object_list) == 6


def test_a_photo_is_served_to_the_members_of_its_space_only(
    client, school, class_space, parent, leader
):
    thread = services.thread_create(
        actor=parent, space=class_space, title="Foto", body="Kegiatan", photo=photo((800, 600))
    )
    post = Post.objects.get(thread=thread)
    url = f"/s/{school.npsn}/participation/posts/{post.pk}/photo/thumb/"
    client.force_login(parent)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.force_login(leader)
    assert client.get(url).status_code == 403
