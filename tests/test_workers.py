"""The keyword workers: cutting in worker processes, and workers that end with their parent."""

from __future__ import annotations

from bulletin_cli import workers


def test_cut_many_in_worker_processes_matches_cutting_here():
    # Enough texts to use the pool; the places are taught to every worker first.
    base = ["荣兴温泉公寓社区开展电动自行车安全宣传", "燕宇社区居民学习防灾减灾知识", "天兴里社区广场舞队排练新节目"]
    texts = [f"{base[i % 3]}第{i}次" for i in range(workers.PARALLEL_MIN + 5)]
    places = ["荣兴温泉公寓社区", "燕宇社区", "天兴里社区"]
    pooled = list(workers.cut_many(texts, places, workers=2))
    here = list(workers.cut_many(texts, places, workers=0))
    assert pooled == here
    assert len(pooled) == len(texts) and "电动自行车" in pooled[0]
    assert not any("荣兴" in w or "温泉" in w for w in pooled[0])  # the place was cut whole, then left out
