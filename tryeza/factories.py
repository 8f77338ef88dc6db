"""factory_boy factories for tests. Geography is real: the test database is loaded from
the reference file once per session (see ``conftest.py``), so factories look regions up."""

import factory
from factory.django import DjangoModelFactory

from tryeza.accounts.models import Role, User
from tryeza.directory.models import (
    Contact,
    Institution,
    InstitutionType,
    Membership,
    MembershipRole,
    Sector,
    ServiceOffering,
    ServiceType,
    Structure,
    StructureKind,
)
from tryeza.geography.models import Region


def region(code: str) -> Region:
    return Region.objects.get(code=code)


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institution {n}")
    type = InstitutionType.NGO
    sector = Sector.CIVIL_SOCIETY
    region = factory.LazyFunction(lambda: region("AL-03"))


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    first_name = factory.Sequence(lambda n: f"Contact{n}")
    last_name = "Test"
    position = "Officer"
    institution = factory.SubFactory(InstitutionFactory)
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    is_fictional = True


class StructureFactory(DjangoModelFactory):
    class Meta:
        model = Structure

    kind = StructureKind.COMMITTEE
    name = factory.Sequence(lambda n: f"Structure {n}")
    region = factory.LazyFunction(lambda: region("AL-03"))


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    structure = factory.SubFactory(StructureFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = MembershipRole.MEMBER


class ServiceOfferingFactory(DjangoModelFactory):
    class Meta:
        model = ServiceOffering

    institution = factory.SubFactory(InstitutionFactory)
    service = ServiceType.PSYCHOSOCIAL
    region = factory.SelfAttribute("institution.region")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")
    institution = factory.SubFactory(InstitutionFactory)
    role = factory.LazyFunction(lambda: Role.objects.get(code="case_worker"))

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()
