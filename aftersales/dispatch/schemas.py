"""API shapes of technicians and of the suggestions whom to send."""

from ninja import Field, Schema


class TechnicianOut(Schema):
    id: int
    user: int = Field(..., alias="user_id")
    username: str = Field(..., alias="user.username")
    name: str
    branch: int = Field(..., alias="branch_id")
    zone: str
    phone: str
    phone_display: str
    certifications: list[str] = Field(..., description="Codes of the categories he may service.")
    is_active: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_certifications(obj) -> list[str]:
        # Prefetched by the selector: no query per technician.
        return [category.code for category in obj.certifications.all()]


class SuggestionOut(Schema):
    technician: TechnicianOut
    same_branch: bool
    same_zone: bool
    load_today: int
    reason: str
