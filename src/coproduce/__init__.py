"""coproduce: co-produce public services with the people who use them."""

__version__ = "0.1.0"
