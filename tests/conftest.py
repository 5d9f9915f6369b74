import json
from pathlib import Path

import pytest
from hypothesis import settings

# No timing assertions in tests: Hypothesis's per-example deadline is one, and the first
# example that loads jieba's dictionary can take a second on a busy machine.
settings.register_profile("bulletin", deadline=None)
settings.load_profile("bulletin")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_685184d4b4f96886.txt"
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
# Issue 2, check 1: the seed page's seven titles in order.
SEED_TITLES = json.loads((DATA / "seed_titles.json").read_text("utf-8"))["titles"]


@pytest.fixture(autouse=True)
def _index_in_tmp(tmp_path, monkeypatch):
    """No test touches a real index: BULLETIN_INDEX points into the test's tmp_path."""
    monkeypatch.setenv("BULLETIN_INDEX", str(tmp_path / "index"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """Tests read English output whatever the machine's locale; test_i18n sets its own."""
    from bulletin_cli import i18n

    for name in ("LC_ALL", "LC_MESSAGES", "BULLETIN_CSV_BOM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.use("en")


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"the seed page {SEED} is not here (../shared is absent)")
    return SEED


def needs_shared(path: Path) -> Path:
    """Skip the calling test with a clear reason when ../shared is not beside the repo."""
    if not path.exists():
        pytest.skip(f"{path} is not here: ../shared (research corpora) is absent")
    return path


@pytest.fixture
def deny_read(monkeypatch):
    """Make reading files with a given name fail as if permission were denied (tests run as root)."""

    def install(name: str) -> None:
        real = Path.read_bytes

        def read_bytes(self):
            if self.name == name:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)

    return install

# How `bulletin split` shows tests/data/split_page.txt, in page order (test_cli, test_render).
SPLIT_PAGE_VIEW = (
    "dropped · line 1 · page furniture · 社区周报  2024年6月5日 星期三  第3版",
    "dropped · line 3 · section label · 社区动态",
    "article 1 · line 5",
    "kicker    河西区大营门街东莱里社区",
    "title     工会送来温暖 慰问一线交警",
    "subtitle  ——社区工会夏季送清凉纪实",
    "place     河西区 / 大营门街 / 东莱里社区",
    "register  天津市 · 河西区 (120103) · 大营门街道 (120103001)",
    "dates     published 2024-06-05 · event 2024-06-04",
    "dateline  本报讯（记者 林晓 通讯员 陈默）",
    "byline    记者 林晓 通讯员 陈默",
    "caption   （东莱里社区供图）",
    "body      昨天下午，河西区大营门街东莱里社区工会走访",
    "article 2 · line 15",
    "place     红桥区 / 西沽街 / 燕宇社区",
    "dates     published 2024-06-05 · event 2024-06-01",
    "byline    王芳 李强",
    "dropped · line 21 · page furniture · 责任编辑：赵明",
)

