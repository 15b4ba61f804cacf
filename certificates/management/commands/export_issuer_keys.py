from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from certificates.keys import issuer_key_document


class Command(BaseCommand):
    help = "Write the issuer key document (all public keys, as published at /certificates/issuer/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        text = json.dumps(issuer_key_document(), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"written to {options['output']}")
        else:
            self.stdout.write(text, ending="")
