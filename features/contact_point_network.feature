Feature: The contact point network
  Eurojust's network reaches more than seventy jurisdictions around the world. Each has contact points,
  named by its own authorities, through whom prosecutors in the Member States learn how that legal system
  works and sort out cooperation problems when a crime crosses the EU's borders; in the other direction,
  they give authorities beyond the EU a quick line to Eurojust and a way to learn how EU legal systems work.

  The source names none of the jurisdictions of the network, so the knowledge records no contact point for
  any partner, and the figure of seventy cannot be checked against a list. What a contact point permits is
  therefore exercised on partners that the scenarios give themselves.

  Rule: The source states the reach of the network but names none of its jurisdictions

    @CP-1 @layer-source
    Scenario: No partner the source names is recorded with a contact point
      Given the partners the source names
      When Eurojust lists the partners with a contact point
      Then there are 0 of them
      And the catalogue of the source's statements holds CP-1

    @CP-1 @layer-source
    Scenario: The partners the source names are far fewer than the jurisdictions the network reaches
      Given the partners the source names
      When Eurojust lists every partner the source names
      Then there are 21 of them
      And there are fewer than 70 of them

  Rule: CP-LEGAL-SYSTEMS - A contact point permits information on legal systems

    @CP-2 @CP-3 @WA-3 @layer-source
    Scenario Outline: With no contact point recorded, <partner> has no basis for information on legal systems
      Its working arrangement covers strategic information and best practices only, and the source does not
      say whether it also belongs to the contact point network.

      Given "<partner>", a partner the source names
      When Eurojust asks whether it may share information on legal systems with it
      Then the exchange is not allowed, for lack of a basis
      And the decision cites no rule and no statement

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

    @CP-2 @CP-3 @layer-rules
    Scenario: A contact point is a basis for information on legal systems
      Given a partner "Examplestan" with a contact point
      When Eurojust asks whether it may share information on legal systems with it
      Then the exchange is allowed
      And its basis is the contact point
      And the decision rests on the rule CP-LEGAL-SYSTEMS
      And the decision cites the statements CP-2 and CP-3

    @CP-2 @CP-3 @layer-rules
    Scenario: A contact point alone permits nothing but information on legal systems
      Given a partner "Examplestan" with a contact point
      When Eurojust considers what it may share with it
      Then only information on legal systems may be shared with it

    @AGR-1 @CP-2 @CP-3 @layer-rules
    Scenario: With a contact point and an agreement on cooperation, both permit information on legal systems
      Given a partner "Examplestan" with a contact point
      And it also has an agreement on cooperation
      When Eurojust asks whether it may share information on legal systems with it
      Then the exchange is allowed
      And its basis is the agreement on cooperation
      And the decision rests on the rules AGR-NON-OPERATIONAL and CP-LEGAL-SYSTEMS

    @CP-2 @WA-2 @layer-rules
    Scenario: A contact point does not lift the exclusion of operational personal data
      Given a partner "Examplestan" with a working arrangement
      And it also has a contact point
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is prohibited
      And the decision rests on the rule WA-NO-PERSONAL-DATA
