"""Errors the core raises; every message is written for the end user."""


class BulletinError(Exception):
    """A mistake or condition the user can act on; the CLI prints it as one line."""


class InputError(BulletinError):
    """A file or stream that cannot be read as a bulletin page."""


class NoArticlesError(InputError):
    """A readable page in which no article was recognised."""


class IndexMissingError(BulletinError):
    """No index where one was expected."""


class IndexVersionError(BulletinError):
    """An index written by another schema version, or not a bulletin index at all."""


class IndexDamagedError(BulletinError):
    """An index whose files are missing, truncated or unreadable."""


class IndexWriteError(BulletinError):
    """An index folder that cannot be written (read-only, full disk, no permission)."""


class WorkerError(BulletinError):
    """A worker process of the write path died; nothing of its batch was committed."""


class IndexBusyError(BulletinError):
    """Another process holds the index's write lock."""


class QueryError(BulletinError):
    """A query or filter that cannot be run."""


class NotFoundError(BulletinError):
    """An article id or place name that is not in the index."""
