#!/usr/bin/env python3
"""Writes the large ballot's manifest (BENCHMARKS.md, issue 23) to stdout: 10 posts, 30 listed
candidates, 4 of the posts approve style (for / against), every post open to write-ins, one
station; registered voters from the first argument. The same bytes every time."""
import sys

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "建国秀英志刚小燕国平永强丽娟海波明华晓东"
POSTS = [("chair", "主任", 1, "choose", 3), ("vice", "副主任", 1, "choose", 3), ("member", "委员", 2, "choose", 4),
         ("women", "妇女委员", 1, "choose", 2), ("economy", "经济委员", 1, "choose", 3),
         ("security", "治保委员", 1, "choose", 3), ("sup-chair", "监委主任", 1, "approve", 3),
         ("sup-member", "监委委员", 2, "approve", 3), ("coop-head", "社长", 1, "approve", 3),
         ("coop-member", "社管委员", 2, "approve", 3)]

registered = int(sys.argv[1])
out = ["format = 1", "", "[election]", 'id = "bench-large-ballot"', 'title = "十职位大选票（基准）"',
       'village = "坑头村"', 'township = "郑坑乡"', 'body = "villagers-committee"', 'rules = "zj-vc-2020"',
       'round = "first"', 'date = "2020-11-18"', f"registered = {registered}", ""]
k = 0
for pid, office, seats, style, n in POSTS:
    out += ["[[contest]]", f'id = "{pid}"', f'office = "{office}"', f"seats = {seats}", f'style = "{style}"',
            "write_in = true", "candidates = ["]
    for _ in range(n):
        k += 1
        name = SURNAMES[k % len(SURNAMES)] + GIVEN[(2 * k) % len(GIVEN):(2 * k) % len(GIVEN) + 2] + str(k)
        gender = "F" if k % 2 else "M"
        out.append(f'  {{ id = "k{k:02d}", name = "{name}", gender = "{gender}", born = {1960 + k}, '
                   'education = "college", ethnicity = "汉族" },')
    out += ["]", ""]
for s in ["central", "east", "west", "mobile"]:
    out += ["[[station]]", f'id = "{s}"', f'name = "{s}"', 'kind = "station"', ""]
print("\n".join(out))
