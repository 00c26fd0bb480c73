Feature: Agreements on cooperation
  An agreement on cooperation is the instrument under which Eurojust and a non-EU country's own
  authorities trade operational information as a matter of routine, evidence and personal data included. The source lists the thirteen countries outside the EU that have such an agreement today.

  Rule: AGR-OPERATIONAL - An agreement on cooperation permits operational information

    @AGR-1 @AGR-2 @layer-source
    Scenario Outline: <country> may exchange operational information under its agreement on cooperation
      Given "<country>", a partner the source names
      When Eurojust considers what it may share with it
      Then these kinds of information are allowed on the basis of its agreement on cooperation:
        | kind of information       | rule            | statements   |
        | operational information   | AGR-OPERATIONAL | AGR-1, AGR-2 |
        | evidence                  | AGR-OPERATIONAL | AGR-1, AGR-2 |
        | operational personal data | AGR-OPERATIONAL | AGR-1, AGR-2 |

      Examples: the thirteen countries with an agreement on cooperation
        | country         |
        | Albania         |
        | Georgia         |
        | Iceland         |
        | Liechtenstein   |
        | Moldova         |
        | Montenegro      |
        | North Macedonia |
        | Norway          |
        | Serbia          |
        | Switzerland     |
        | Ukraine         |
        | United Kingdom  |
        | United States   |

    @AGR-1 @layer-rules
    Scenario: An agreement on cooperation is a basis for operational information
      Given a partner "Examplestan" with an agreement on cooperation
      When Eurojust asks whether it may share operational information with it
      Then the exchange is allowed
      And its basis is the agreement on cooperation
      And the decision rests on the rule AGR-OPERATIONAL
      And the decision cites the statement AGR-1

    @AGR-1 @layer-rules
    Scenario Outline: An agreement on cooperation covers <kind>, as part of operational information
      Given a partner "Examplestan" with an agreement on cooperation
      When Eurojust asks whether it may share <kind> with it
      Then the exchange is allowed
      And the decision rests on the rule AGR-OPERATIONAL
      And the decision notes that <kind> is part of operational information

      Examples:
        | kind                      |
        | evidence                  |
        | operational personal data |

  Rule: AGR-NON-OPERATIONAL - An agreement on cooperation also permits strategic and general information
    The source does not say so in words: it is our reading that an instrument allowing the most sensitive,
    case-specific information also allows the less sensitive kinds that a working arrangement allows.

    @AGR-1 @AGR-2 @WA-2 @layer-source
    Scenario Outline: <country> may also exchange strategic and general information under its agreement
      Given "<country>", a partner the source names
      When Eurojust considers what it may share with it
      Then these kinds of information are allowed on the basis of its agreement on cooperation:
        | kind of information          | rule                | statements         |
        | strategic information        | AGR-NON-OPERATIONAL | AGR-1, WA-2, AGR-2 |
        | best practices               | AGR-NON-OPERATIONAL | AGR-1, WA-2, AGR-2 |
        | information on legal systems | AGR-NON-OPERATIONAL | AGR-1, WA-2, AGR-2 |

      Examples: the thirteen countries with an agreement on cooperation
        | country         |
        | Albania         |
        | Georgia         |
        | Iceland         |
        | Liechtenstein   |
        | Moldova         |
        | Montenegro      |
        | North Macedonia |
        | Norway          |
        | Serbia          |
        | Switzerland     |
        | Ukraine         |
        | United Kingdom  |
        | United States   |

    @AGR-1 @WA-2 @layer-rules
    Scenario Outline: On our reading of the source, an agreement on cooperation also covers <kind>
      Given a partner "Examplestan" with an agreement on cooperation
      When Eurojust asks whether it may share <kind> with it
      Then the exchange is allowed
      And its basis is the agreement on cooperation
      And the decision rests on the rule AGR-NON-OPERATIONAL
      And the decision says its rule is an interpretation of the source

      Examples:
        | kind                         |
        | strategic information        |
        | best practices               |
        | information on legal systems |

  Rule: The source names thirteen countries outside the EU with an agreement on cooperation

    @AGR-2 @layer-source
    Scenario: Thirteen countries outside the EU have an agreement on cooperation
      Given the partners the source names
      When Eurojust lists the partners with an agreement on cooperation
      Then there are 13 of them
      And each of them is a country outside the EU
