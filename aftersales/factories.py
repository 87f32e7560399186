"""Test factories: believable records with as little typing as possible."""

import datetime as dt
import io

import factory
from django.utils import timezone
from PIL import Image

from aftersales.accounts.models import Branch, Role, User
from aftersales.customers.models import (
    Customer,
    FaultType,
    Outlet,
    ProductCategory,
    ProductModel,
    Unit,
    Zone,
)
from aftersales.dispatch.models import Technician


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"B{n:02d}")
    name = factory.Sequence(lambda n: f"第{n}服务中心")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = factory.Sequence(lambda n: f"员工{n}")
    role = Role.AGENT
    branch = factory.SubFactory(BranchFactory)
    password = factory.PostGenerationMethodCall("set_password", "pass12345")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat{n}")
    name = factory.Sequence(lambda n: f"品类{n}")


class FaultTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaultType

    category = factory.SubFactory(CategoryFactory)
    code = factory.Sequence(lambda n: f"F{n:03d}")
    name = factory.Sequence(lambda n: f"故障{n}")


class ProductModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductModel

    brand = "格力"
    code = factory.Sequence(lambda n: f"KFR-{n:03d}")
    name = "分体挂壁式空调"
    category = factory.SubFactory(CategoryFactory)
    warranty_months = 24
    manufacturer_hotline = "4006-222-222"


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"客户{n}")
    phone = factory.Sequence(lambda n: f"+86138{n:08d}")
    address = "北京市海淀区中关村大街1号"
    zone = Zone.RING2
    branch = factory.SubFactory(BranchFactory)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    model = factory.SubFactory(ProductModelFactory)
    serial = factory.Sequence(lambda n: f"SN{n:08d}")
    customer = factory.SubFactory(CustomerFactory)
    purchase_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=100))
    invoice_no = factory.Sequence(lambda n: f"INV{n:06d}")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"网点{n}")
    place = "海淀"
    branch = factory.SubFactory(BranchFactory)
    phone = "+861062345678"


class TechnicianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technician
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.TECHNICIAN)
    branch = factory.LazyAttribute(lambda t: t.user.branch)
    phone = factory.Sequence(lambda n: f"+86139{n:08d}")
    zone = Zone.RING2

    @factory.post_generation
    def certifications(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.certifications.set(extracted)


def png_bytes(size: tuple[int, int] = (40, 20)) -> bytes:
    """A small real PNG, like the signature pad sends."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()
