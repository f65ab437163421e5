from django.core.management.base import BaseCommand

from campaigns.demo import seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo organizations and print one login per line."

    def handle(self, *args, **options):
        self.stdout.write("Demo logins (<org-slug> <role> <username> <password>):")
        for row in seed_demo():
            self.stdout.write(" ".join(row))
