"""The server's shared plumbing: dependencies, uploads, notices and error handlers.

The app itself is built in careerpath.server.app (import it from there; this package imports
nothing eagerly so the api and web routers can use the plumbing without a cycle).
"""
