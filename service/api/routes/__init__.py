"""Route handlers, one module per resource, each with its policy in `opt=` (`api.policy`).

Handlers never import the middleware (`api/edge/`): the edge reads their policies instead.
"""
