"""`manage.py create_api_token <username> [--name NAME]`: issue a token for the REST API.

The secret is printed once; only its digest is stored, so a lost token is revoked and reissued.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aftersales.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API token for a user and print its secret once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'WeChat bot'.")

    def handle(self, *args: object, username: str, name: str, **options: object) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is not active.")
        token, raw = ApiToken.objects.issue(user=user, name=name)
        self.stderr.write(
            f"Token {token.prefix}… for {user.username}"
            f"{f' ({name})' if name else ''}. Store the secret now; it is not shown again:"
        )
        # The secret alone on stdout, so that scripts can capture it.
        self.stdout.write(raw)
