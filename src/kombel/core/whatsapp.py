"""WhatsApp is how schools talk: ready-made messages as wa.me links."""

from urllib.parse import quote


def wa_link(text: str, phone: str = "") -> str:
    """A wa.me link that opens WhatsApp with `text` typed in.

    Without a phone the user picks the chat (a staff group); `phone` is digits in international
    form (62812...), as `User.wa_number` gives it. Without a text the link just opens the chat.
    """
    if not text:
        return f"https://wa.me/{phone}"
    return f"https://wa.me/{phone}?text={quote(text)}"
