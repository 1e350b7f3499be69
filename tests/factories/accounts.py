import factory
from django.utils import timezone

from kombel.accounts.models import User

PASSWORD = "kombel-test-pass"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    # The people of the tests confirmed their address (accounts.services).
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()
