"""Step definitions of the Gherkin specifications in features/, grouped by domain concept.

``situation`` holds what a scenario has set up and asked; ``partners`` the partners and their
relationships; ``rules`` the eligibility rules and the statement catalogue; ``decisions`` the questions
asked and the answers given. ``specification`` reads the feature files themselves (tags, rules, outlines).
"""
