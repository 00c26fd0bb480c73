Feature: Deciding what may be shared
  Every question about a partner and a kind of information gets one of three answers: allowed, with the
  relationship that is its basis; prohibited, when a rule excludes the exchange, whatever else permits it;
  or not allowed for lack of a basis, when no rule permits it. Each answer names the rules and the
  statements of the source it rests on. Partners are recognised by the names people type; the Member States
  of the EU are not partners outside the EU; a name or a kind of information nobody knows is refused.

  Rule: A partner is recognised by its name, an alias or an ISO code, whatever the case

    Background:
      Given the partners the source names

    @AGR-2 @WA-3 @layer-source
    Scenario Outline: "<typed>" is recognised as <partner>
      When Eurojust asks whether it may share strategic information with "<typed>"
      Then the decision is about "<partner>"
      And the exchange is allowed

      Examples: other names
        | typed                                                    | partner         |
        | UK                                                       | United Kingdom  |
        | Swiss Confederation                                      | Switzerland     |
        | FYROM                                                    | North Macedonia |
        | Moldova, Republic of                                     | Moldova         |
        | Ibero-American Association of Public Prosecutors Offices | AIAMP           |
        | Asociación Iberoamericana de Ministerios Públicos        | AIAMP           |

      Examples: ISO 3166 codes, in either case
        | typed | partner        |
        | NO    | Norway         |
        | CHE   | Switzerland    |
        | gbr   | United Kingdom |
        | ng    | Nigeria        |

      Examples: case, dots and a leading "the" do not matter
        | typed              | partner         |
        | NORTH MACEDONIA    | North Macedonia |
        | costa rica         | Costa Rica      |
        | the United Kingdom | United Kingdom  |
        | The United States  | United States   |
        | u.s.a.             | United States   |

  Rule: The Member States of the EU are not partners outside the EU

    @AGR-2 @LP-1 @layer-source
    Scenario Outline: "<typed>" is refused as a Member State of the EU
      Given the partners the source names
      When Eurojust asks whether it may share strategic information with "<typed>"
      Then the question is refused because <member state> is a Member State of the EU, not a third country

      Examples:
        | typed           | member state |
        | France          | France       |
        | DE              | Germany      |
        | the Netherlands | Netherlands  |
        | Holland         | Netherlands  |
        | Czech Republic  | Czechia      |
        | EL              | Greece       |
        | Denmark         | Denmark      |

  Rule: A country with no relationship may still receive what is not personal data

    @AGR-2 @LP-2 @WA-3 @REG-47-1 @REG-47-2 @layer-source
    Scenario Outline: <country>, a real country the knowledge does not name, may receive only what is not personal data
      Given "<country>", a country the source does not name
      When Eurojust considers what it may share with it
      Then only strategic information, best practices and information on legal systems may be shared with it, on Article 47(2) of the Regulation

      Examples:
        | country |
        | Kenya   |
        | KEN     |
        | Lebanon |

  Rule: A name or a kind of information that nobody knows is refused, not answered

    @AGR-2 @WA-3 @layer-source
    Scenario: A name that is no partner and no country is refused
      Given the partners the source names
      When Eurojust asks whether it may share strategic information with "Atlantis"
      Then the question is refused because no partner or country is called "Atlantis"

    @AGR-2 @layer-source
    Scenario: A misspelt partner is refused, with the name it probably meant
      Given the partners the source names
      When Eurojust asks whether it may share strategic information with "Norwya"
      Then the question is refused because no partner or country is called "Norwya"
      And "Norway" is suggested instead

    @AGR-1 @WA-2 @layer-source
    Scenario: A kind of information nobody defined is refused
      Given the partners the source names
      When Eurojust asks whether it may share information described as "gossip" with "Norway"
      Then the question is refused because "gossip" is not a kind of information Eurojust knows
      And the refusal lists every kind of information Eurojust knows

    @AGR-1 @AGR-2 @layer-source
    Scenario Outline: "<typed>" is understood as operational personal data
      Given the partners the source names
      When Eurojust asks whether it may share information described as "<typed>" with "Norway"
      Then the decision concerns operational personal data
      And the exchange is allowed

      Examples:
        | typed         |
        | personal_data |
        | Personal data |
        | personal-data |
        | PERSONAL_DATA |

  Rule: Prohibited and not allowed for lack of a basis are different refusals

    @WA-2 @layer-rules
    Scenario: An exchange that a rule excludes is prohibited, and the decision names the exclusion
      Given the rule WA-NO-PERSONAL-DATA excludes what it names
      And a partner "Examplestan" with a working arrangement
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is prohibited
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And no route is named

    @WA-2 @WA-3 @layer-source
    Scenario: An exchange that no rule permits has no basis, and the decision names what remains
      Given "Nigeria", a partner the source names
      When Eurojust asks whether it may share evidence with it
      Then the exchange is not allowed, for lack of a basis
      And the decision cites no rule
      And the routes that remain, case by case, are ROUTE-NON-PERSONAL-PART, ROUTE-SAFEGUARDS and ROUTE-DEROGATIONS

    @AGR-1 @WA-2 @REG-47-2 @layer-rules
    Scenario: A partner with no relationship at all may receive only what is not personal data
      Given a partner "Examplestan" that has no relationship with Eurojust
      When Eurojust considers what it may share with it
      Then only strategic information, best practices and information on legal systems may be shared with it, on Article 47(2) of the Regulation

  Rule: Whatever permits or excludes a kind of information does the same for the kinds it includes

    @AGR-1 @WA-2 @layer-rules
    Scenario: An exclusion of operational information would also exclude evidence
      Given the rule WA-NO-PERSONAL-DATA covers operational information instead
      And the rule WA-NO-PERSONAL-DATA excludes what it names
      And a partner "Examplestan" with a working arrangement
      When Eurojust asks whether it may share evidence with it
      Then the exchange is prohibited
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And the decision notes that evidence is part of operational information

    @AGR-1 @WA-2 @layer-rules
    Scenario: An exclusion of personal data does not reach the operational information that includes it
      Given a partner "Examplestan" with a working arrangement
      When Eurojust asks whether it may share operational information with it
      Then the exchange is not allowed, for lack of a basis
      And the rule WA-NO-PERSONAL-DATA plays no part in the decision

  Rule: A prohibition wins over a permission

    @AGR-1 @WA-2 @layer-rules
    Scenario: Were the exclusion of personal data to apply despite an agreement, the exchange would be prohibited
      Given the rule WA-NO-PERSONAL-DATA also applies to partners that have an agreement on cooperation
      And the rule WA-NO-PERSONAL-DATA excludes what it names
      And a partner "Examplestan" with an agreement on cooperation
      And it also has a working arrangement
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is prohibited
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And the decision also cites the permission AGR-OPERATIONAL, which the prohibition overrides
