Feature: Agreements on cooperation
  An agreement on cooperation is the instrument under which Eurojust and a non-EU country's own
  authorities trade operational information as a matter of routine, evidence and personal data included. The
  page lists the thirteen countries outside the EU that have one. In the Regulation's terms, twelve of them
  are agreements that Eurojust itself concluded before 12 December 2019 (Article 56(2)(b), kept valid by
  Article 80(5)); the United Kingdom's is the Union's Trade and Cooperation Agreement (Article 56(2)(c)).
  Either is a standing basis for operational personal data, and every transfer still meets the four
  conditions of Article 56(1).

  Rule: AGR-OPERATIONAL - An agreement on cooperation concluded before 12 December 2019 permits operational information

    @AGR-1 @AGR-2 @REG-56-2-B @REG-80-5 @REG-56-1 @layer-source
    Scenario Outline: <country> may exchange operational information under its agreement on cooperation
      Given "<country>", a partner the source names
      When Eurojust considers what it may share with it
      Then these kinds of information are allowed on the basis of its agreement on cooperation:
        | kind of information       | rule            | statements                   |
        | operational information   | AGR-OPERATIONAL | AGR-1, AGR-2, REG-56-2-B, REG-56-1 |
        | evidence                  | AGR-OPERATIONAL | AGR-1, AGR-2, REG-56-2-B, REG-56-1 |
        | operational personal data | AGR-OPERATIONAL | AGR-1, AGR-2, REG-56-2-B, REG-56-1 |

      Examples: the twelve countries with an agreement Eurojust concluded
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
        | United States   |

    @AGR-1 @REG-56-2-B @REG-56-1 @REG-47-5 @layer-rules
    Scenario: An agreement on cooperation is a basis for operational information, on conditions
      Given a partner "Examplestan" with an agreement on cooperation
      When Eurojust asks whether it may share operational information with it
      Then the exchange is allowed, provided that the conditions NECESSARY, COMPETENT-RECIPIENT, MEMBER-STATE-AUTHORISATION and ONWARD-TRANSFER are met
      And it rests on Article 56(2)(b) of the Regulation
      And its basis is the agreement on cooperation
      And the decision rests on the rule AGR-OPERATIONAL
      And the decision cites the statements AGR-1, REG-56-2-B, REG-56-1 and REG-47-5

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

  Rule: UNION-AGREEMENT-OPERATIONAL - An international agreement between the Union and the country permits operational information

    @AGR-1 @AGR-2 @REG-56-2-C @REG-56-1 @layer-source
    Scenario: The United Kingdom's evidence rests on its Union agreement, on four conditions
      Given "United Kingdom", a partner the source names
      When Eurojust asks whether it may share evidence with it
      Then the exchange is allowed, provided that the conditions NECESSARY, COMPETENT-RECIPIENT, MEMBER-STATE-AUTHORISATION and ONWARD-TRANSFER are met
      And it rests on Article 56(2)(c) of the Regulation
      And its basis is the international agreement between the Union and the country
      And the decision rests on the rules UNION-AGREEMENT-OPERATIONAL and ADEQUACY-OPERATIONAL
      And the decision cites the statements AGR-2, REG-56-2-C and REG-56-1
      And the explanation says "United Kingdom has an international agreement between the Union and the country (EU-UK Trade and Cooperation Agreement; AGR-2)"

    @AGR-1 @REG-56-2-C @layer-source
    Scenario Outline: <country>'s Union agreement on 2026-06-01: <state>
      Armenia's and Bosnia and Herzegovina's agreements were signed after the page was written; no public
      source gives their entry into force, so they grant nothing yet.

      Given "<country>", a partner the knowledge names
      When Eurojust asks on 2026-06-01 whether it may share evidence with it
      Then the exchange is <outcome>
      And the decision says its international agreement between the Union and the country is <state>

      Examples: every partner with a Union agreement
        | country                | outcome                          | state     |
        | United Kingdom         | allowed                          | in force  |
        | Armenia                | not allowed, for lack of a basis | uncertain |
        | Bosnia and Herzegovina | not allowed, for lack of a basis | uncertain |

  Rule: AGR-NON-OPERATIONAL - An agreement on cooperation also covers strategic and general information
    The page does not say so in words: it is our reading that an instrument allowing the most sensitive,
    case-specific information also frames the less sensitive kinds, which Article 47(2) allows anyway.

    @AGR-1 @AGR-2 @WA-2 @layer-source
    Scenario Outline: <country> may also exchange strategic and general information under its agreement
      Given "<country>", a partner the source names
      When Eurojust considers what it may share with it
      Then these kinds of information are allowed on the basis of its agreement on cooperation:
        | kind of information          | rule                | statements                   |
        | strategic information        | AGR-NON-OPERATIONAL | AGR-1, WA-2, AGR-2, REG-47-2 |
        | best practices               | AGR-NON-OPERATIONAL | AGR-1, WA-2, AGR-2, REG-47-2 |
        | information on legal systems | AGR-NON-OPERATIONAL | AGR-1, WA-2, AGR-2, REG-47-2 |

      Examples: the twelve countries with an agreement Eurojust concluded
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
        | United States   |

    @AGR-1 @WA-2 @layer-rules
    Scenario Outline: On our reading, an agreement on cooperation also covers <kind>
      Given a partner "Examplestan" with an agreement on cooperation
      When Eurojust asks whether it may share <kind> with it
      Then the exchange is allowed
      And it rests on Article 47(2) of the Regulation
      And its basis is the agreement on cooperation
      And the decision rests on the rules REG-NON-PERSONAL and AGR-NON-OPERATIONAL
      And the explanation says "(an interpretation)"

      Examples:
        | kind                         |
        | strategic information        |
        | best practices               |
        | information on legal systems |

  Rule: The page names thirteen countries outside the EU with an agreement on cooperation

    @AGR-2 @layer-source
    Scenario: Twelve countries have an agreement Eurojust concluded, and the United Kingdom a Union agreement
      Given the partners the source names
      When Eurojust lists the partners with an agreement on cooperation
      Then there are 12 of them
      And each of them is a country outside the EU

    @AGR-2 @REG-56-2-C @layer-source
    Scenario: The page counts the United Kingdom's Union agreement among the agreements on cooperation
      Given the partners the source names
      When Eurojust lists the partners with an international agreement between the Union and the country
      Then there are 1 of them
      And each of them is a country outside the EU
