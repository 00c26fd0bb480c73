Feature: The contact point network
  Eurojust's network reaches more than seventy jurisdictions around the world. Each has contact points,
  named by its own authorities, through whom prosecutors in the Member States learn how that legal system
  works and sort out cooperation problems when a crime crosses the EU's borders; in the other direction,
  they give authorities beyond the EU a quick line to Eurojust and a way to learn how EU legal systems work.
  The Regulation lets Eurojust designate contact points in third countries (Article 52(3)).

  The page names none of the jurisdictions of the network; other public sources name some (in Latin America,
  Moldova, Iceland), and the knowledge records those, each with its address. A contact point is a channel:
  what it serves, information on legal systems, the Regulation allows with any third country anyway
  (Article 47(2)), and it is never a basis for personal data.

  Rule: The page states the reach of the network but names none of its jurisdictions

    @CP-1 @layer-source
    Scenario: No partner the page names is recorded with a contact point on the page's word
      Given the partners the source names
      When Eurojust lists every partner the source names
      Then none of them has a contact point according to the page
      And the catalogue of the source's statements holds CP-1

    @CP-1 @layer-source
    Scenario: The partners the page names are far fewer than the jurisdictions the network reaches
      Given the partners the source names
      When Eurojust lists every partner the source names
      Then there are 21 of them
      And there are fewer than 70 of them

    @CP-1 @REG-52-3 @layer-source
    Scenario Outline: <country> has a contact point that a public source names
      Given "<country>", a partner the knowledge names
      When Eurojust looks at how it cooperates with it
      Then it has a contact point, with the public source that names it

      Examples: every partner with a contact point a public source names
        | country     |
        | Argentina   |
        | Bolivia     |
        | Brazil      |
        | Chile       |
        | Colombia    |
        | Costa Rica  |
        | Ecuador     |
        | El Salvador |
        | Guatemala   |
        | Honduras    |
        | Iceland     |
        | Mexico      |
        | Moldova     |
        | Panama      |
        | Paraguay    |
        | Peru        |
        | Uruguay     |

  Rule: CP-LEGAL-SYSTEMS - A contact point serves information on legal systems

    @CP-2 @CP-3 @REG-47-2 @layer-source
    Scenario Outline: <partner> may exchange information on legal systems under Article 47(2)
      Given "<partner>", a partner the source names
      When Eurojust asks whether it may share information on legal systems with it
      Then the exchange is allowed
      And it rests on Article 47(2) of the Regulation

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

    @CP-2 @CP-3 @REG-52-3 @layer-rules
    Scenario: A contact point frames the exchange of information on legal systems
      Given a partner "Examplestan" with a contact point
      When Eurojust asks whether it may share information on legal systems with it
      Then the exchange is allowed
      And its basis is the contact point
      And the decision rests on the rules REG-NON-PERSONAL and CP-LEGAL-SYSTEMS
      And the decision cites the statements CP-2 and CP-3

    @CP-2 @CP-3 @layer-rules
    Scenario: A contact point adds no kind of information to what Article 47(2) allows
      Given a partner "Examplestan" with a contact point
      When Eurojust considers what it may share with it
      Then only strategic information, best practices and information on legal systems may be shared with it, on Article 47(2) of the Regulation

    @AGR-1 @CP-2 @CP-3 @layer-rules
    Scenario: With a contact point and an agreement on cooperation, both frame information on legal systems
      Given a partner "Examplestan" with a contact point
      And it also has an agreement on cooperation
      When Eurojust asks whether it may share information on legal systems with it
      Then the exchange is allowed
      And its basis is the agreement on cooperation
      And its basis is the contact point
      And the decision rests on the rules REG-NON-PERSONAL, AGR-NON-OPERATIONAL and CP-LEGAL-SYSTEMS

    @CP-2 @WA-2 @layer-rules
    Scenario: A contact point is no basis for operational personal data
      Given a partner "Examplestan" with a working arrangement
      And it also has a contact point
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision rests on the rule WA-NO-PERSONAL-DATA
