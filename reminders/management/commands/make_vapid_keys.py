"""Make a VAPID key pair for Web Push and print it as environment lines."""
import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Command(BaseCommand):
    help = "Print a new VAPID key pair as VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY lines for the environment."

    def add_arguments(self, parser):
        parser.add_argument("--subject", default="mailto:admin@example.org",
                            help="Contact for push services (a mailto: or https: URL).")

    def handle(self, *args, subject, **options):
        key = ec.generate_private_key(ec.SECP256R1())
        # Raw forms, as browsers (applicationServerKey) and pywebpush (Vapid.from_string) take them.
        private_raw = key.private_numbers().private_value.to_bytes(32, "big")
        public_raw = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.stdout.write(f"VAPID_PUBLIC_KEY={b64url(public_raw)}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={b64url(private_raw)}")
        self.stdout.write(f"VAPID_SUBJECT={subject}")
        self.stderr.write("Keep VAPID_PRIVATE_KEY secret. Changing the keys stops every existing subscription.")
