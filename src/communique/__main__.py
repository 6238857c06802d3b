"""``python -m communique``."""

from communique.cli import main

if __name__ == "__main__":
    main()
