"""A command-line reference comparing the routes by which ketamine is given for chronic pain."""

__version__ = "0.1.0"
