Feature: Working arrangements
  A working arrangement is Eurojust's instrument for strategic cooperation against serious crime, with a
  country beyond the EU or with a network or association of judicial practitioners based there. It lets the
  two sides pass on strategic information and pool their best practices, but it gives no ground for
  handing over operational personal data. The source names eight partners with a working arrangement: one
  association of prosecutors and seven countries.

  Rule: WA-STRATEGIC - A working arrangement permits strategic information and best practices

    @WA-1 @WA-2 @WA-3 @layer-source
    Scenario Outline: <partner> may exchange strategic information and best practices under its working arrangement
      Given "<partner>", a partner the source names
      When Eurojust considers what it may share with it
      Then these kinds of information are allowed on the basis of its working arrangement:
        | kind of information   | rule         | statements       |
        | strategic information | WA-STRATEGIC | WA-1, WA-2, WA-3 |
        | best practices        | WA-STRATEGIC | WA-1, WA-2, WA-3 |

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

    @WA-1 @WA-2 @layer-rules
    Scenario Outline: A working arrangement is a basis for <kind>
      Given a partner "Examplestan" with a working arrangement
      When Eurojust asks whether it may share <kind> with it
      Then the exchange is allowed
      And its basis is the working arrangement
      And the decision rests on the rule WA-STRATEGIC
      And the decision cites the statements WA-1 and WA-2

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
      And the decision rests on the rules AGR-NON-OPERATIONAL and WA-STRATEGIC

  Rule: WA-NO-PERSONAL-DATA - A working arrangement is not a basis for operational personal data

    @WA-2 @WA-3 @layer-source
    Scenario Outline: <partner> may not receive operational personal data under its working arrangement
      Given "<partner>", a partner the source names
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is prohibited
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And the decision cites the statements WA-2 and WA-3

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

    @WA-2 @layer-rules
    Scenario: A working arrangement alone excludes operational personal data
      Given a partner "Examplestan" with a working arrangement
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is prohibited
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And the decision cites the statement WA-2

    @AGR-1 @WA-2 @layer-rules
    Scenario: A working arrangement does not take away what an agreement on cooperation permits
      The exclusion applies only to partners without an agreement on cooperation: the source says a working
      arrangement is no basis for personal data, not that it removes a basis another instrument gives.

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

    @WA-2 @layer-rules
    Scenario Outline: A working arrangement alone gives no basis for <kind>
      Given a partner "Examplestan" with a working arrangement
      When Eurojust asks whether it may share <kind> with it
      Then the exchange is not allowed, for lack of a basis
      And the decision cites no rule and no statement

      Examples:
        | kind                    |
        | operational information |
        | evidence                |

  Rule: The source names eight partners with a working arrangement, countries and an association

    @WA-1 @WA-3 @layer-source
    Scenario: Eight partners have a working arrangement, one of them an association of prosecutors
      Given the partners the source names
      When Eurojust lists the partners with a working arrangement
      Then there are 8 of them
      And 7 of them are countries
      And 1 of them is an organisation
