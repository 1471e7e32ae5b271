"""`python -m bridgeway.matching.engine match-file ...` (same as `bridgeway match-file`)."""

import sys

from .cli import main

sys.exit(main())
