from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from campaigns.roles import matrix_markdown

START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"


class Command(BaseCommand):
    help = "Rewrite the permission matrix in docs/roles.md from campaigns/roles.py."

    def handle(self, *args, **options):
        path = Path(settings.BASE_DIR) / "docs" / "roles.md"
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        path.write_text(f"{head}{START}\n{matrix_markdown()}\n{END}{tail}", encoding="utf-8")
        self.stdout.write(f"Updated {path}")
