"""Where the index lives: --index DIR, else $BULLETIN_INDEX, else ./index."""

import os
from pathlib import Path

ENV_VAR = "BULLETIN_INDEX"
DEFAULT_INDEX = "index"


def index_dir(option: Path | None = None) -> Path:
    """Resolve the index directory from the option, the environment, or the default."""
    if option is not None:
        return option
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(DEFAULT_INDEX)
