"""The default three-guarantee table of SPEC §5 (002 二(1)): a performance fault within 7 days of
the sale → return, exchange or repair; within 15 days → exchange or repair. After that, free
repair while the manufacturer's warranty lasts (built into warranty.rules.remedies_on)."""

from django.db import migrations

DEFAULTS = [
    {"days": 7, "allows_return": True, "allows_exchange": True, "allows_repair": True},
    {"days": 15, "allows_return": False, "allows_exchange": True, "allows_repair": True},
]


def add_defaults(apps, schema_editor):
    Rule = apps.get_model("warranty", "ThreeGuaranteeRule")
    for row in DEFAULTS:
        Rule.objects.get_or_create(category=None, days=row["days"], defaults=row)


def remove_defaults(apps, schema_editor):
    Rule = apps.get_model("warranty", "ThreeGuaranteeRule")
    Rule.objects.filter(category=None, days__in=[row["days"] for row in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("warranty", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
