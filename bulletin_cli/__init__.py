"""bulletin: search and summarise Chinese community-news bulletins."""

__version__ = "0.1.0"
