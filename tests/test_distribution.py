"""Largest remainder distribution: hand-worked cases and properties.

Expected values below are worked out by hand in the comments (exact share = amount x w / sum w,
floor of the magnitude first, then one unit each to the largest remainders; ties to the
larger weight, then to the earlier row; the sign is put back at the end).
"""

import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from kkdocs.batch.validate import validate
from kkdocs.figures.distribution import DistributionError, apportion, distribute, distribute_years, shares_percent
from kkdocs.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent

ENERGY_KEY = [1120, 11680, 47840, 640, 7200, 7520]  # m² per udvalg, seed "energibesparelser"

# The 29 municipalities of the seed "telehjerter-fordeling" (875.000 kr. by population).
# Sum of the key = 1.912.998. Floors sum to 874.985, so 15 units go to the 15 largest
# remainders (Hvidovre ,994 ... Brøndby ,528; the next one, Tårnby ,452, gets none).
# Comment = exact share 875000 x w / 1912998.
TELEHJERTER = [
    ("København", 660692, 302199),  # 302198,695
    ("Frederiksberg", 105100, 48072),  # 48072,450
    ("Dragør", 14572, 6665),  # 6665,193
    ("Tårnby", 43895, 20077),  # 20077,452
    ("Albertslund", 27682, 12662),  # 12661,670
    ("Ballerup", 51338, 23482),  # 23481,859
    ("Brøndby", 39140, 17903),  # 17902,528
    ("Gentofte", 74986, 34298),  # 34298,389
    ("Gladsaxe", 70690, 32333),  # 32333,411
    ("Glostrup", 23669, 10826),  # 10826,135
    ("Herlev", 29982, 13714),  # 13713,684
    ("Hvidovre", 53776, 24597),  # 24596,994
    ("Høje-Taastrup", 57584, 26339),  # 26338,763
    ("Ishøj", 23689, 10835),  # 10835,283
    ("Lyngby-Taarbæk", 58603, 26805),  # 26804,850
    ("Rødovre", 44360, 20290),  # 20290,141
    ("Vallensbæk", 17801, 8142),  # 8142,128
    ("Allerød", 25967, 11877),  # 11877,234
    ("Egedal", 45517, 20819),  # 20819,350
    ("Fredensborg", 41974, 19199),  # 19198,792
    ("Frederikssund", 46518, 21277),  # 21277,205
    ("Furesø", 42504, 19441),  # 19441,212
    ("Gribskov", 41877, 19154),  # 19154,424
    ("Halsnæs", 31440, 14381),  # 14380,569
    ("Helsingør", 63852, 29206),  # 29205,728
    ("Hillerød", 54390, 24878),  # 24877,836
    ("Hørsholm", 24816, 11351),  # 11350,770
    ("Rudersdal", 57295, 26207),  # 26206,575
    ("Bornholm", 39289, 17971),  # 17970,680
]


@pytest.mark.parametrize(
    ("amount", "weights", "expected"),
    [
        # seed energibesparelser: sum w = 76.000, 475/76.000 = 1/160, so the exact shares are
        # whole: 1120/160 = 7, 11680/160 = 73, 47840/160 = 299, 640/160 = 4, 7200/160 = 45,
        # 7520/160 = 47 (sum 475). The official document prints these.
        (-475, ENERGY_KEY, [-7, -73, -299, -4, -45, -47]),
        (475, ENERGY_KEY, [7, 73, 299, 4, 45, 47]),
        # 11 rows, weights 1..11 (sum 66): exact 100w/66 = 50w/33; remainder (50w mod 33)/33
        # = 17,1,18,2,19,3,20,4,21,5,22 /33; floors 1,3,4,6,7,9,10,12,13,15,16 sum 96,
        # so 4 units go to w=11 (22), w=9 (21), w=7 (20), w=5 (19).
        (100, list(range(1, 12)), [1, 3, 4, 6, 8, 9, 11, 12, 14, 15, 17]),
        # same, negative: the mirror image
        (-100, list(range(1, 12)), [-1, -3, -4, -6, -8, -9, -11, -12, -14, -15, -17]),
        # single row takes everything, whatever its weight
        (-6356, [Decimal("0.3")], [-6356]),
        (12711, [1], [12711]),
        # amount 0: all zeros, also with an all-zero key
        (0, [1, 2], [0, 0]),
        (0, [0, 0], [0, 0]),
        # zero weights get nothing: exact 0, 5, 0, 5
        (10, [0, 1, 0, 1], [0, 5, 0, 5]),
        # exact 0, 3,5, 3,5: floors 0, 3, 3, one unit, tie on ,5 with equal weights -> earlier
        (7, [0, 1, 1], [0, 4, 3]),
        # Decimal weights: exact 50, 25, 25
        (100, [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")], [50, 25, 25]),
        # exact 3,33 3,33 3,34: floors 3,3,3, one unit to the largest remainder ,34
        (10, [Decimal("33.3"), Decimal("33.3"), Decimal("33.4")], [3, 3, 4]),
        # exact 0,4 0,8 0,8: floors 0, two units to the two ,8 remainders
        (2, [1, 2, 2], [0, 1, 1]),
        # exact 6,6 3,3 1,1 (sum w 10, 11 x w / 10): floors 6,3,1 = 10, one unit to the ,6
        (11, [6, 3, 1], [7, 3, 1]),
        # a float weight is read as the decimal it prints as: sum w 9,1, exact 66/9,1 = 7,253,
        # 33/9,1 = 3,626, 1,1/9,1 = 0,121; floors 7,3,0 = 10, one unit to the ,626
        (11, [6, 3, 0.1], [7, 4, 0]),
    ],
)
def test_distribute_hand_worked(amount, weights, expected):
    assert distribute(amount, weights) == expected


@pytest.mark.parametrize(
    ("amount", "weights", "expected"),
    [
        # exact 1/3 each; one unit, three-way tie, equal weights -> the earliest row
        (1, [1, 1, 1], [1, 0, 0]),
        (-1, [1, 1, 1], [-1, 0, 0]),
        (2, [1, 1, 1], [1, 1, 0]),
        # exact 0,2 0,4 0,4: tie between the equal weights 2 and 2 -> earlier row
        (1, [1, 2, 2], [0, 1, 0]),
        # exact 0,5 1,5: floors 0,1, one unit, remainders ,5 and ,5 -> the larger weight 3
        (2, [1, 3], [0, 2]),
        (2, [3, 1], [2, 0]),
        (-2, [1, 3], [0, -2]),
        # exact ,5 1,5 2,5 ,5 (sum w 10, half of each): floors 0,1,2,0 = 3, two units, all
        # remainders ,5: the largest weight 5 (row 3) first, then 3 (row 2), before row 1
        (5, [1, 3, 5, 1], [0, 2, 3, 0]),
        (-5, [1, 3, 5, 1], [0, -2, -3, 0]),
        # exact ,375 1,125 ,375 1,125: floors 0,1,0,1, one unit to a ,375 -> earlier row
        (3, [1, 3, 1, 3], [1, 1, 0, 1]),
    ],
)
def test_distribute_ties(amount, weights, expected):
    assert distribute(amount, weights) == expected


def test_distribute_29_municipalities():
    weights = [weight for _, weight, _ in TELEHJERTER]
    shares = distribute(875000, weights)
    assert sum(shares) == 875000
    assert shares == [share for _, _, share in TELEHJERTER]


@pytest.mark.parametrize(
    ("amount", "weights", "message_part"),
    [
        (100, [], "tom"),
        (0, [], "tom"),
        (100, [1, -1], "Vægt nr. 2"),
        (100, [0, 0], "summerer til 0"),
        (100, [Decimal(0)], "summerer til 0"),
        (100, [1, Decimal("NaN")], "ikke et tal"),
        (100, [1, "3"], "ikke et tal"),
    ],
)
def test_distribute_errors_are_danish(amount, weights, message_part):
    with pytest.raises(DistributionError, match=message_part):
        distribute(amount, weights)


def test_a_key_that_cannot_distribute_is_one_danish_finding_at_the_key(tmp_path):
    """What `distribute` refuses (a key summing to 0) is found before the calculation: one FELT-TYPE
    finding at `nøgle`, in Danish, and the case gets no figures instead of a traceback."""
    workspace = tmp_path / "ws"
    shutil.copytree(REPO / "data", workspace / "data")
    case = workspace / "data" / "sager" / "telekol-fordeling.yaml"
    data = YAML(typ="safe", pure=True).load(case.read_text(encoding="utf-8"))
    zeroed = "".join(f"  {name}: 0\n" for name in data["nøgle"])
    text = case.read_text(encoding="utf-8")
    start = text.index("nøgle:\n") + len("nøgle:\n")
    end = start + sum(len(line) + 1 for line in text[start:].split("\n")[:len(data["nøgle"])])
    case.write_text(text[:start] + zeroed + text[end:], encoding="utf-8")
    with pytest.raises(DistributionError, match="summerer til 0"):
        distribute(data["beløb"], [0] * len(data["nøgle"]))
    result = next(r for r in validate([case], Workspace(workspace)).cases if r.id == "telekol-fordeling")
    assert result.figures is None
    assert [(f.code, f.line) for f in result.findings] == [("FELT-TYPE", text[:start].count("\n"))]
    assert "summerer til 0" in result.findings[0].message


def test_distribute_refuses_a_non_integer_amount():
    with pytest.raises(TypeError):
        distribute(Decimal("1.5"), [1, 1])


def test_distribute_years():
    # 2025: exact -237,5 twice -> magnitudes 237 + 237, one unit, tie -> earlier row
    # 2026: 5 + 5; 2028: explicit 0 stays 0; 2027 is absent everywhere
    rows = distribute_years({2026: 10, 2025: -475, 2028: 0}, [1, 1])
    assert rows == [{2025: -238, 2026: 5, 2028: 0}, {2025: -237, 2026: 5, 2028: 0}]
    assert [list(row) for row in rows] == [[2025, 2026, 2028]] * 2


def test_distribute_years_seed_energy():
    amounts = {year: -475 for year in range(2025, 2030)}
    rows = distribute_years(amounts, ENERGY_KEY)
    assert [row[2027] for row in rows] == [-7, -73, -299, -4, -45, -47]
    assert all(set(row) == set(amounts) for row in rows)


def test_distribute_years_checks_the_key_even_without_amounts():
    assert distribute_years({}, [1, 2]) == [{}, {}]
    with pytest.raises(DistributionError):
        distribute_years({}, [])


def test_distribute_years_zero_key_fails_only_for_nonzero_amounts():
    assert distribute_years({2025: 0}, [0, 0]) == [{2025: 0}, {2025: 0}]
    with pytest.raises(DistributionError):
        distribute_years({2025: 0, 2026: 1}, [0, 0])


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        # 1000 tenths / 3 = 333,3 each, rounded down: they sum to 99,9
        ([1, 1, 1], ["33.3", "33.3", "33.3"]),
        # 2,5 tenths exactly (1 of 400) goes away from zero: 0,3
        ([1, 399], ["0.3", "99.8"]),
        # 200, 400, 400 tenths exactly
        ([1, 2, 2], ["20.0", "40.0", "40.0"]),
        # 166,67 166,67 166,67 500 tenths: each rounded on its own, so they sum to 100,1
        ([1, 1, 1, 3], ["16.7", "16.7", "16.7", "50.0"]),
        # energy key: w/76 tenths; remainders (w mod 76)/76 = 56, 52, 36, 32, 56, 72;
        # floors 14, 153, 629, 8, 94, 98, rounded up where the remainder is at least 38
        (ENERGY_KEY, ["1.5", "15.4", "62.9", "0.8", "9.5", "9.9"]),
        ([0, 5], ["0.0", "100.0"]),
    ],
)
def test_shares_percent(weights, expected):
    shares = shares_percent(weights)
    assert shares == [Decimal(value) for value in expected]
    assert [str(share) for share in shares] == expected  # exactly one decimal each


def test_shares_percent_zero_key():
    with pytest.raises(DistributionError):
        shares_percent([0, 0])


@pytest.mark.parametrize(
    ("total", "exact", "expected"),
    [
        # 5,5 + 5,5 = 11: floors 5,5, one unit, tie with equal size -> earlier row
        (11, [Fraction(11, 2), Fraction(11, 2)], [6, 5]),
        # mirrored for a negative total
        (-11, [Fraction(-11, 2), Fraction(-11, 2)], [-6, -5]),
        # 1,5 x 3 = 4,5 rounded to 5: floors 1,1,1, two units -> first two rows
        (5, [Fraction(3, 2)] * 3, [2, 2, 1]),
        # total 0, targets 5,5 and -5,5: floors 5, -6 (sum -1), one unit, remainders ,5 and ,5,
        # equal size -> earlier row: 6, -6
        (0, [Fraction(11, 2), Fraction(-11, 2)], [6, -6]),
        # total 0, targets ,5 ,5 -,5 (sum ,5 > 0, not mirrored): floors 0, 0, -1 = -1, one unit,
        # all remainders ,5 and equal size -> row 1
        (0, [Fraction(1, 2), Fraction(1, 2), Fraction(-1, 2)], [1, 0, -1]),
        # the same negated (sum below 0, so mirrored): the negated result
        (0, [Fraction(-1, 2), Fraction(-1, 2), Fraction(1, 2)], [-1, 0, 1]),
        # whole targets are kept
        (3, [1, 2, 0], [1, 2, 0]),
        (0, [], []),
    ],
)
def test_apportion(total, exact, expected):
    assert apportion(total, exact) == expected


@pytest.mark.parametrize(("total", "exact"), [(3, [1, 1]), (1, []), (0, [Fraction(1, 2), Fraction(1, 2)])])
def test_apportion_precondition(total, exact):
    with pytest.raises(DistributionError):
        apportion(total, exact)


# --- properties -------------------------------------------------------------------------

amounts = st.integers(min_value=-10**9, max_value=10**9)
int_weights = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30)
decimal_weights = st.lists(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=30,
)
keys = st.one_of(int_weights, decimal_weights).filter(lambda ws: sum(ws) > 0)


def exact_shares(amount, weights):
    """The definition of the exact share, written out independently of the module."""
    total = sum(Fraction(w) for w in weights)
    return [Fraction(amount) * Fraction(w) / total for w in weights]


@given(amounts, keys)
def test_shares_sum_exactly_and_stay_within_one(amount, weights):
    shares = distribute(amount, weights)
    assert len(shares) == len(weights)
    assert sum(shares) == amount
    for share, exact in zip(shares, exact_shares(amount, weights)):
        assert abs(share - exact) < 1


@given(amounts, keys)
def test_shares_carry_the_sign_and_zero_weights_get_nothing(amount, weights):
    for share, weight in zip(distribute(amount, weights), weights):
        assert share * amount >= 0
        if weight == 0:
            assert share == 0


@given(amounts, keys)
def test_negating_the_amount_negates_every_share(amount, weights):
    assert distribute(-amount, weights) == [-share for share in distribute(amount, weights)]


@given(st.integers(min_value=1, max_value=10**9), keys)
def test_largest_remainders_win_and_ties_follow_the_rule(amount, weights):
    """Characterise the result: floor or floor + 1, the +1 rows have the largest remainders,
    and between equal remainders the larger weight, then the earlier row, gets the unit."""
    exact = exact_shares(amount, weights)
    shares = distribute(amount, weights)
    extra = [share - (e.numerator // e.denominator) for share, e in zip(shares, exact)]
    assert set(extra) <= {0, 1}
    remainder = [e - (e.numerator // e.denominator) for e in exact]
    winners = [i for i, x in enumerate(extra) if x == 1]
    losers = [i for i, x in enumerate(extra) if x == 0]
    for i in winners:
        for j in losers:
            assert remainder[i] >= remainder[j]
            if remainder[i] == remainder[j]:
                assert (Fraction(weights[i]), -i) > (Fraction(weights[j]), -j)


@given(st.integers(min_value=-10**9, max_value=10**9), st.data())
def test_reordering_distinct_weights_changes_nothing(amount, data):
    # With distinct weights no tie is ever decided by row order, so a permutation of the
    # rows permutes the shares and changes nothing else.
    weights = data.draw(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20, unique=True))
    assume(sum(weights) > 0)
    order = data.draw(st.permutations(range(len(weights))))
    shares = distribute(amount, weights)
    permuted = distribute(amount, [weights[i] for i in order])
    assert permuted == [shares[i] for i in order]


@given(st.integers(min_value=0, max_value=10**9), keys)
def test_a_larger_weight_never_gets_a_smaller_share(amount, weights):
    shares = distribute(amount, weights)
    for i, wi in enumerate(weights):
        for j, wj in enumerate(weights):
            if wi > wj:
                assert shares[i] >= shares[j]
            if wi == wj:
                assert abs(shares[i] - shares[j]) <= 1


@given(keys)
def test_shares_percent_are_each_correctly_rounded(weights):
    shares = shares_percent(weights)
    for share, exact in zip(shares, exact_shares(100, weights)):
        assert share.as_tuple().exponent == -1
        assert abs(Fraction(share) - exact) <= Fraction(1, 20)  # to the nearest tenth
        if abs(Fraction(share) - exact) == Fraction(1, 20):
            assert abs(Fraction(share)) > abs(exact)  # a half goes away from zero
    assert abs(sum(shares) - 100) <= Decimal("0.05") * len(shares)


@given(st.dictionaries(st.integers(min_value=2000, max_value=2040), amounts, max_size=8), keys)
def test_distribute_years_sums_every_year(year_amounts, weights):
    rows = distribute_years(year_amounts, weights)
    assert len(rows) == len(weights)
    for row in rows:
        assert set(row) == set(year_amounts)
    for year, amount in year_amounts.items():
        assert sum(row[year] for row in rows) == amount


@given(st.lists(st.fractions(max_denominator=1000).filter(lambda f: abs(f) < 10**6), max_size=20), st.data())
def test_apportion_sums_to_total_and_stays_within_one(exact, data):
    total_exact = sum(exact, Fraction(0))
    low, high = total_exact - 1, total_exact + 1
    candidates = [t for t in range(int(low) - 1, int(high) + 2) if low < t < high]
    total = data.draw(st.sampled_from(candidates))
    result = apportion(total, exact)
    assert sum(result) == total
    for value, target in zip(result, exact):
        assert abs(value - target) < 1
    if total != 0 or total_exact != 0:
        assert apportion(-total, [-t for t in exact]) == [-value for value in result]
