"""Step definitions of the Gherkin specifications in features/, grouped by domain concept.

``situation`` holds what a scenario has set up and asked; ``partners`` the partners and their
relationships; ``rules`` the eligibility rules and the statement catalogue; ``decisions`` the questions
asked and the answers given; ``time`` when relationships are in force, how long a decision holds, and
the change impact between two versions or two dates of the knowledge. ``specification`` reads the feature
files themselves (tags, rules, outlines).
"""
