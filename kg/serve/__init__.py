"""`kg serve`: the SPARQL endpoint (app.py), its query workers (workers.py), content negotiation
(negotiation.py), the server's start (server.py) and the browser page (static/)."""
