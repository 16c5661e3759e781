"""Where the reference samples (raw reports the content must not copy from) are found."""

from __future__ import annotations

import os
from pathlib import Path

NO_REFERENCE = ("no reference samples (../shared/reference or $KB_REFERENCE_DIR): the "
                "copied-text lint was skipped — set KB_REFERENCE_DIR to the samples' folder")


def reference_dir(root: Path) -> Path | None:
    """The reference samples: $KB_REFERENCE_DIR, else ../shared/reference beside the project."""
    folder = Path(os.environ.get("KB_REFERENCE_DIR")
                  or Path(root).resolve().parent / "shared" / "reference")
    return folder if folder.is_dir() else None
