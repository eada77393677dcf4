"""``python -m knowledge.formats [PAGE]``: print the table of formats, or put it in PAGE (docs/formats.md)."""

import sys
from pathlib import Path

from knowledge.formats import registry

if len(sys.argv) > 1:
    registry.write_table(Path(sys.argv[1]))
else:
    print(registry.markdown_table())
