"""Views of the graph for people: industry-chain maps and network views as offline HTML pages.

kg.viz.views chooses what a view shows (one function per view), kg.viz.model turns it into
a view model, kg.viz.page renders the page, kg.viz.screenshot takes a PNG of it.
"""
