Feature: Working arrangements
  A working arrangement is Eurojust's instrument for strategic cooperation against serious crime, with a
  country beyond the EU or with a network or association of judicial practitioners based there. It lets the
  two sides pass on strategic information and pool their best practices, but it is no ground for handing
  over operational personal data. The Regulation says the same (Article 47(3)): an arrangement is never the
  basis for personal data. That is not a ban: what has no standing basis may still go case by case, under
  Articles 58 and 59. The page names eight partners with a working arrangement: one association of
  prosecutors and seven countries.

  Rule: WA-STRATEGIC - A working arrangement permits strategic information and best practices

    @WA-1 @WA-2 @WA-3 @layer-source
    Scenario Outline: <partner> may exchange strategic information and best practices under its working arrangement
      Given "<partner>", a partner the source names
      When Eurojust considers what it may share with it
      Then these kinds of information are allowed on the basis of its working arrangement:
        | kind of information   | rule         | statements                |
        | strategic information | WA-STRATEGIC | WA-1, WA-2, WA-3, REG-47-3 |
        | best practices        | WA-STRATEGIC | WA-1, WA-2, WA-3, REG-47-3 |

      Examples: the eight partners with a working arrangement
        | partner    |
        | AIAMP      |
        | Nigeria    |
        | Panama     |
        | Costa Rica |
        | Bolivia    |
        | Chile      |
        | Ecuador    |
        | Peru       |

    @WA-1 @WA-2 @REG-47-3 @layer-rules
    Scenario Outline: A working arrangement frames the exchange of <kind>, under Article 47(2)
      Given a partner "Examplestan" with a working arrangement
      When Eurojust asks whether it may share <kind> with it
      Then the exchange is allowed, provided that the conditions TASKS-REQUIRE, COMPETENT-AUTHORITY, SUPPLIER-RESTRICTIONS and COOPERATION-STRATEGY are met
      And it rests on Article 47(2) of the Regulation
      And its basis is the working arrangement
      And the decision rests on the rules REG-NON-PERSONAL and WA-STRATEGIC
      And the decision cites the statements WA-1, WA-2 and REG-47-3

      Examples:
        | kind                  |
        | strategic information |
        | best practices        |

    @AGR-1 @WA-2 @layer-rules
    Scenario: With both instruments, strategic information rests on each of them
      Given a partner "Examplestan" with an agreement on cooperation
      And it also has a working arrangement
      When Eurojust asks whether it may share strategic information with it
      Then the exchange is allowed
      And its basis is the agreement on cooperation
      And its basis is the working arrangement
      And the decision rests on the rules REG-NON-PERSONAL, AGR-NON-OPERATIONAL and WA-STRATEGIC

    @WA-1 @WA-3 @layer-source
    Scenario Outline: <partner>'s working arrangement on 2026-06-01: <state>
      Eurojust signed working arrangements with the prosecution services of the Dominican Republic, Paraguay
      and Uruguay after the page was written; the day is not public, so they are uncertain until the day the
      knowledge was checked (they grant nothing that Article 47(2) does not already allow).

      Given "<partner>", a partner the knowledge names
      When Eurojust asks on 2026-06-01 whether it may share strategic information with it
      Then the exchange is allowed
      And the decision says its working arrangement is <state>

      Examples: every partner with a working arrangement
        | partner            | state     |
        | AIAMP              | in force  |
        | Nigeria            | in force  |
        | Panama             | in force  |
        | Costa Rica         | in force  |
        | Bolivia            | in force  |
        | Chile              | in force  |
        | Ecuador            | in force  |
        | Peru               | in force  |
        | Dominican Republic | uncertain |
        | Paraguay           | uncertain |
        | Uruguay            | uncertain |

  Rule: WA-NO-PERSONAL-DATA - A working arrangement is not a basis for operational personal data

    @WA-2 @WA-3 @REG-47-3 @REG-58 @REG-59 @layer-source
    Scenario Outline: <partner> has no basis for operational personal data under its working arrangement
      Given "<partner>", a partner the source names
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And the decision cites the statements WA-2, WA-3 and REG-47-3
      And the routes that remain, case by case, are ROUTE-SAFEGUARDS and ROUTE-DEROGATIONS
      And the explanation says "A working arrangement is expressly not a basis for sharing operational personal data"

      Examples: the eight partners with a working arrangement
        | partner    |
        | AIAMP      |
        | Nigeria    |
        | Panama     |
        | Costa Rica |
        | Bolivia    |
        | Chile      |
        | Ecuador    |
        | Peru       |

    @WA-2 @REG-47-3 @layer-rules
    Scenario: A working arrangement alone is expressly no basis for operational personal data, and no ban
      Given a partner "Examplestan" with a working arrangement
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And the decision cites the statements WA-2 and REG-47-3
      And the routes that remain, case by case, are ROUTE-SAFEGUARDS and ROUTE-DEROGATIONS

    @AGR-1 @WA-2 @layer-rules
    Scenario: A working arrangement does not take away what an agreement on cooperation permits
      The rule is cited only for partners without an agreement: a working arrangement is no basis for personal
      data, and it does not remove a basis another instrument gives.

      Given a partner "Examplestan" with an agreement on cooperation
      And it also has a working arrangement
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is allowed
      And its basis is the agreement on cooperation
      And the decision rests on the rule AGR-OPERATIONAL
      And the rule WA-NO-PERSONAL-DATA plays no part in the decision

  Rule: A working arrangement is no basis for operational information or evidence

    @WA-2 @WA-3 @layer-source
    Scenario Outline: <partner> has no basis to exchange operational information or evidence
      Given "<partner>", a partner the source names
      When Eurojust considers what it may share with it
      Then these kinds of information are not allowed, for lack of a basis:
        | kind of information     |
        | operational information |
        | evidence                |

      Examples: the eight partners with a working arrangement
        | partner    |
        | AIAMP      |
        | Nigeria    |
        | Panama     |
        | Costa Rica |
        | Bolivia    |
        | Chile      |
        | Ecuador    |
        | Peru       |

    @WA-2 @AGR-1 @REG-47-2 @layer-rules
    Scenario Outline: A working arrangement alone gives no basis for <kind>; its part that is not personal data may go
      Given a partner "Examplestan" with a working arrangement
      When Eurojust asks whether it may share <kind> with it
      Then the exchange is not allowed, for lack of a basis
      And the decision cites no rule
      And the routes that remain, case by case, are ROUTE-NON-PERSONAL-PART, ROUTE-SAFEGUARDS and ROUTE-DEROGATIONS

      Examples:
        | kind                    |
        | operational information |
        | evidence                |

  Rule: The page names eight partners with a working arrangement, countries and an association

    @WA-1 @WA-3 @layer-source
    Scenario: Eight partners have a working arrangement, one of them an association of prosecutors
      Given the partners the source names
      When Eurojust lists the partners with a working arrangement
      Then there are 8 of them
      And 7 of them are countries
      And 1 of them is an organisation
