"""Tools of each side of the permission tests' scene (aftersales.core.tests.scene).

Written straight to the tables, with no audit entry, so that making them does not count as a
change in the scene's footprint. One record per side is kept; `fresh=True` makes a new one, for a
move that must succeed.
"""

import datetime as dt
import itertools
from decimal import Decimal

from aftersales.tools.models import Tool, ToolLoan

_numbers = itertools.count(1)


def _tool(side, **values) -> Tool:
    return Tool.objects.create(
        asset_number=f"GJ-S{next(_numbers):05d}",
        name=f"{side.label}方万用表",
        purchase_price=Decimal("1280.00"),
        branch=side.branch,
        **values,
    )


def tool_of(side, *, fresh: bool = False) -> Tool:
    """A tool in store of the side's branch."""
    if fresh:
        return _tool(side)
    if "_tool" not in side.extra:
        side.extra["_tool"] = _tool(side)
    return side.extra["_tool"]


def lent_tool_of(side, *, fresh: bool = False) -> Tool:
    """A tool of the side's branch lent to its technician."""
    if not fresh and "_lent_tool" in side.extra:
        return side.extra["_lent_tool"]
    tool = _tool(side, status=Tool.Status.LENT, holder=side.technician)
    now = side.flow.now
    ToolLoan.objects.create(
        tool=tool,
        technician=side.technician,
        lent_at=now,
        due_back=now + dt.timedelta(days=2),
        lent_by=side.flow.supervisor,
    )
    if not fresh:
        side.extra["_lent_tool"] = tool
    return tool
