# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who makes the next call, free of the ORM: pickers over the agents' ids.

A picker is called once per new callback with the ids of the users who may not make
that call (the advisor who received the car, the owner of the complaint confirmed) and
returns the id of the agent, or False when nobody is left.
"""


def least_loaded(agent_ids, load):
    """The agent with the fewest pending calls (``load``: id -> count), lowest id first;
    each pick adds one to that agent's load."""
    load = {agent: load.get(agent, 0) for agent in agent_ids}

    def pick(excluded):
        candidates = [agent for agent in agent_ids if agent not in excluded]
        if not candidates:
            return False
        agent = min(candidates, key=lambda a: (load[a], a))
        load[agent] += 1
        return agent

    return pick


def round_robin(agent_ids, last_id=None):
    """In turn, starting after ``last_id`` (the agent of the last call made)."""
    position = agent_ids.index(last_id) + 1 if last_id in agent_ids else 0

    def pick(excluded):
        nonlocal position
        for offset in range(len(agent_ids)):
            index = (position + offset) % len(agent_ids)
            if agent_ids[index] not in excluded:
                position = index + 1
                return agent_ids[index]
        return False

    return pick
