"""Splitting follow-up lists among employees (DOMAIN.md §3 and §4: leads who did not sign,
gift recipients, split among every employee the manager picks)."""


def split(guests, employees, loads=None):
    """Give each guest to one employee. `guests`: (guest id, inviter id or None) in the
    order they should be dealt; `employees`: ids in the manager's order; `loads`: the
    open guests each already holds (a re-split after someone leaves passes the others'
    loads and only the leaver's open guests).

    Evenly: each guest goes to whoever holds the fewest so far, so the lists end within
    one of each other (or as near as the loads allow). Inviters kept: among the least
    loaded, the one who still has their own invitees to take wins, and each employee
    takes their own invitees first; so a guest leaves their inviter only when the
    inviter's share is already all their own invitees.
    """
    if not employees:
        raise ValueError("no employees")
    employees = list(dict.fromkeys(employees))
    order = {e: i for i, e in enumerate(employees)}
    load = {e: (loads or {}).get(e, 0) for e in employees}
    own = {e: [] for e in employees}
    for guest, inviter in guests:
        if inviter in own:
            own[inviter].append(guest)

    share = dict.fromkeys(employees, 0)
    for _ in guests:
        chosen = min(
            employees,
            key=lambda e: (load[e] + share[e], share[e] >= len(own[e]), order[e]),
        )
        share[chosen] += 1

    assignment = {}
    for e in employees:
        for guest in own[e][: share[e]]:
            assignment[guest] = e
    spare = [e for e in employees for _ in range(share[e] - len(own[e][: share[e]]))]
    rest = (guest for guest, _ in guests if guest not in assignment)
    for guest, e in zip(rest, spare, strict=True):
        assignment[guest] = e
    return assignment
