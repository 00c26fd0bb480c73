Feature: Liaison prosecutors
  Countries outside the EU may post a liaison prosecutor at Eurojust, who works next to the prosecutors of
  the Member States and supports the cross-border investigations that concern their own country. The source
  names twelve such countries. A liaison prosecutor is a channel for cooperation: the source does not make
  it a basis for exchanging information, which comes from an agreement on cooperation or a working
  arrangement.

  Rule: The source names twelve countries with a liaison prosecutor posted at Eurojust

    @LP-2 @layer-source
    Scenario Outline: <country> has a liaison prosecutor posted at Eurojust
      Given "<country>", a partner the source names
      When Eurojust looks at how it cooperates with it
      Then it has a liaison prosecutor posted at Eurojust according to statement LP-2

      Examples: the twelve countries with a liaison prosecutor
        | country         |
        | Albania         |
        | Georgia         |
        | Iceland         |
        | Moldova         |
        | Montenegro      |
        | North Macedonia |
        | Norway          |
        | Serbia          |
        | Switzerland     |
        | Ukraine         |
        | United Kingdom  |
        | United States   |

    @LP-1 @LP-2 @layer-source
    Scenario: Twelve countries outside the EU have a liaison prosecutor posted at Eurojust
      Given the partners the source names
      When Eurojust lists the partners with a liaison prosecutor posted at Eurojust
      Then there are 12 of them
      And each of them is a country outside the EU

    @AGR-2 @LP-2 @layer-source
    Scenario: Liechtenstein has an agreement on cooperation but no liaison prosecutor
      Given "Liechtenstein", a partner the source names
      When Eurojust looks at how it cooperates with it
      Then it has an agreement on cooperation according to statement AGR-2
      And it has no liaison prosecutor posted at Eurojust

  Rule: A liaison prosecutor is a channel for cooperation, not a basis for exchanging information

    @AGR-1 @AGR-2 @LP-2 @layer-source
    Scenario: Liechtenstein exchanges operational personal data without a liaison prosecutor
      Given "Liechtenstein", a partner the source names
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is allowed
      And its basis is the agreement on cooperation
      And the decision rests on the rule AGR-OPERATIONAL

    @LP-1 @layer-rules
    Scenario: A liaison prosecutor without an agreement is refused when the knowledge is loaded
      A liaison prosecutor is posted under the partner's agreement: one without an agreement is a mistake in
      the data, not a partner with fewer rights.

      Given a partner "Examplestan" with a liaison prosecutor posted at Eurojust
      When Eurojust loads the knowledge
      Then the knowledge is refused, naming "partner Examplestan, relationship liaison_prosecutor"

    @AGR-1 @LP-1 @layer-rules
    Scenario: With a liaison prosecutor and an agreement on cooperation, the agreement is the basis
      Given a partner "Examplestan" with a liaison prosecutor posted at Eurojust
      And it also has an agreement on cooperation
      When Eurojust asks whether it may share evidence with it
      Then the exchange is allowed
      And its basis is the agreement on cooperation
      And the decision rests on the rule AGR-OPERATIONAL
