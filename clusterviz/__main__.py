import sys

from clusterviz.cli import main

sys.exit(main())
