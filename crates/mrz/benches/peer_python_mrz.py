# Peer figure for docs/bench-mrz.md (not run by cargo). Python `mrz` 0.6.2 is GPL-3.0: install it in a
# throw-away virtual environment to measure it; nothing of it is vendored here.
#   python3 -m venv /tmp/pymrz && /tmp/pymrz/bin/pip install mrz==0.6.2
#   /tmp/pymrz/bin/python crates/mrz/benches/peer_python_mrz.py
# Throughput of Python mrz 0.6.2's TD3 checker on the ICAO TD3 specimen and on generated TD3s.
import time, random, string
from mrz.checker.td3 import TD3CodeChecker

def cd(s):
    v = lambda c: 0 if c == '<' else (int(c) if c.isdigit() else ord(c) - 55)
    return str(sum(v(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)

def gen(rng):
    sur = ''.join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(3, 10)))
    giv = ''.join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(2, 7)))
    l1 = ('PP' + 'UTO' + sur + '<<' + giv).ljust(44, '<')
    num = ''.join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(9))
    dob = '%02d%02d%02d' % (rng.randint(30, 99), rng.randint(1, 12), rng.randint(1, 28))
    exp = '%02d%02d%02d' % (rng.randint(27, 36), rng.randint(1, 12), rng.randint(1, 28))
    opt = '<' * 14
    l2 = num + cd(num) + 'UTO' + dob + cd(dob) + 'F' + exp + cd(exp) + opt + '<'
    l2 += cd(l2[0:10] + l2[13:20] + l2[21:43])
    return l1 + '\n' + l2

rng = random.Random(1)
docs = [gen(rng) for _ in range(20000)]
assert all(bool(TD3CodeChecker(d)) for d in docs[:100])
best = 0
for _ in range(3):
    t = time.perf_counter()
    ok = sum(1 for d in docs if TD3CodeChecker(d))
    dt = time.perf_counter() - t
    best = max(best, len(docs) / dt)
print(f"python mrz 0.6.2 TD3CodeChecker: {best:,.0f} TD3/s (best of 3 runs over {len(docs)} generated TD3s, {ok} valid)")
