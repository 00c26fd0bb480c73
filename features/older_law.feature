Feature: The law before the Regulation
  Before 12 December 2019 Eurojust worked under Council Decision 2002/187/JHA, which set it up and took
  effect when it was published, on 6 March 2002. Its amendment of 2003 touched only its budget; Council
  Decision 2009/426/JHA, in effect from 4 June 2009, rewrote its relations with third States. Under both
  versions, information could go to third States' competent authorities as far as Eurojust's tasks required
  and with the consent of the national member whose State had supplied it; personal data went under an
  agreement Eurojust concluded with the Council's approval. A decision about one of those days follows the
  law of that day, cites its articles and carries its conditions; where the text as read here leaves a
  question open, nothing is allowed, and the decision says why. Between Eurojust's set-up on 28 February
  2002 and 6 March 2002 no law governed exchanges, and nothing is allowed.

  Rule: DEC-2002-NON-PERSONAL - Before 2009, any third State's competent authorities may receive information that is not personal data

    @DEC-2002-27-1 @DEC-2002-27-2 @DEC-2002-43 @layer-source
    Scenario: In 2003 Brazil could receive strategic information under Article 27(1), with the national member's consent
      Given "Brazil", a partner that other public sources name
      When Eurojust asks on 2003-06-01 whether it may share strategic information with it
      Then the exchange is allowed, provided that the conditions DEC-2002-NECESSARY and DEC-2002-CONSENT are met
      And it rests on Article 27(1) of the Decision of 2002, and on nothing else
      And the decision follows the law of that day, "Council Decision 2002/187/JHA setting up Eurojust, as adopted"

    @DEC-2002-43 @REG-82 @layer-source
    Scenario: Between Eurojust's set-up and the day its Decision took effect, nothing is allowed
      Given "Brazil", a partner that other public sources name
      When Eurojust asks on 2002-03-01 whether it may share strategic information with it
      Then the exchange is not allowed, for lack of a basis
      And the decision warns that "applies only from 2002-03-06"

  Rule: DEC-2002-AGREEMENT-OPERATIONAL - Before 2009, an agreement on cooperation permits operational information

    @AGR-1 @DEC-2002-27-3 @DEC-2002-27-2 @layer-rules
    Scenario: In 2005 an agreement on cooperation is a basis for operational personal data, on its terms
      Given a partner "Examplestan" with an agreement on cooperation signed on 2004-06-01, in force from 2004-09-01
      When Eurojust asks on 2005-01-15 whether it may share operational personal data with it
      Then the exchange is allowed, provided that the conditions DEC-2002-NECESSARY, DEC-2002-CONSENT and DEC-2002-AGREEMENT-TERMS are met
      And it rests on Article 27(3) of the Decision of 2002
      And its basis is the agreement on cooperation
      And the decision rests on the rule DEC-2002-AGREEMENT-OPERATIONAL

    @AGR-2 @DEC-2002-27-3 @DEC-2009-26A-2 @DEC-2009-3 @layer-source
    Scenario Outline: Norway's operational personal data on <day>, <when> the 2009 amendment took effect
      Given "Norway", a partner the source names
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is allowed
      And it rests on <article>
      And the decision follows the law of that day, "<law>"

      Examples:
        | day        | when   | article                                         | law                                                               |
        | 2009-06-03 | before | Article 27(3) of the Decision of 2002           | Council Decision 2002/187/JHA setting up Eurojust, as adopted     |
        | 2009-06-04 | after  | Article 26a(2) of the Decision as amended in 2009 | Council Decision 2002/187/JHA as amended by Council Decision 2009/426/JHA |

  Rule: DEC-2002-PERSONAL-DATA-WITHOUT-AGREEMENT - Before 2009, without an agreement on cooperation personal data have no standing basis here

    @DEC-2002-27-3 @DEC-2002-27-1 @layer-rules
    Scenario: In 2005, without an agreement, personal data have no standing basis, and the decision says why
      Given a partner "Examplestan" with a contact point
      When Eurojust asks on 2005-01-15 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision rests on the rule DEC-2002-PERSONAL-DATA-WITHOUT-AGREEMENT
      And the decision says its rule is an interpretation of the source

  Rule: DEC-2002-ROUTE-NON-PERSONAL-PART - Before 2009, the part that is not personal data may still go under Article 27(1)

    @AGR-1 @DEC-2002-27-1 @layer-source
    Scenario: In 2005 Brazil's operational information has no basis; its part that is not personal data may go
      Given "Brazil", a partner that other public sources name
      When Eurojust asks on 2005-06-01 whether it may share operational information with it
      Then the exchange is not allowed, for lack of a basis
      And the routes that remain, case by case, are DEC-2002-ROUTE-NON-PERSONAL-PART

  Rule: DEC-2009-NON-PERSONAL - From 2009 to 2019, any third State's competent authorities may receive information that is not personal data

    @DEC-2009-26A-1 @DEC-2009-27-1 @layer-source
    Scenario: In 2015 Brazil could receive strategic information within Eurojust's cooperative relations
      Given "Brazil", a partner that other public sources name
      When Eurojust asks on 2015-06-01 whether it may share strategic information with it
      Then the exchange is allowed, provided that the conditions DEC-2009-NECESSARY and DEC-2009-CONSENT are met
      And it rests on Article 26a(1) of the Decision as amended in 2009, and on nothing else
      And the decision says its rule is an interpretation of the source

  Rule: DEC-2009-AGREEMENT-OPERATIONAL - From 2009 to 2019, an agreement on cooperation permits operational information

    @AGR-2 @DEC-2009-26A-2 @DEC-2009-26A-3 @DEC-2009-27-1 @layer-source
    Scenario: Norway's operational personal data on 2010-01-01 rest on its agreement, under the amended Decision
      Given "Norway", a partner the source names
      When Eurojust asks on 2010-01-01 whether it may share operational personal data with it
      Then the exchange is allowed, provided that the conditions DEC-2009-NECESSARY, DEC-2009-CONSENT and DEC-2009-AGREEMENT-TERMS are met
      And it rests on Article 26a(2) of the Decision as amended in 2009
      And its basis is the agreement on cooperation
      And the decision cites the statements DEC-2009-26A-2, DEC-2009-26A-3 and DEC-2009-27-1
      And the decision follows the law of that day, "Council Decision 2002/187/JHA as amended by Council Decision 2009/426/JHA"

    @AGR-2 @DEC-2009-26A-2 @layer-source
    Scenario Outline: Switzerland's evidence on <day>, its agreement entering into force on 2011-07-22
      Given "Switzerland", a partner the source names
      When Eurojust asks on <day> whether it may share evidence with it
      Then the exchange is <outcome>
      And the decision says its agreement on cooperation is <state>

      Examples:
        | day        | outcome                          | state            |
        | 2011-07-21 | not allowed, for lack of a basis | not yet in force |
        | 2011-07-22 | allowed                          | in force         |

  Rule: DEC-2009-PERSONAL-DATA-WITHOUT-AGREEMENT - From 2009 to 2019, without an agreement on cooperation personal data have no standing basis here

    @DEC-2009-26A-2 @DEC-2009-26A-9 @layer-source
    Scenario: In 2015 Brazil's operational personal data have no standing basis; an urgent case may go through a national member
      Given "Brazil", a partner that other public sources name
      When Eurojust asks on 2015-06-01 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision rests on the rule DEC-2009-PERSONAL-DATA-WITHOUT-AGREEMENT
      And the routes that remain, case by case, are DEC-2009-ROUTE-URGENT

  Rule: DEC-2009-ROUTE-NON-PERSONAL-PART - From 2009 to 2019, the part that is not personal data may still go to the third State

    @AGR-1 @DEC-2009-26A-1 @layer-rules
    Scenario: In 2015, without an agreement, operational information has no basis; its part that is not personal data may go
      Given a partner "Examplestan" that has no relationship with Eurojust
      When Eurojust asks on 2015-06-01 whether it may share operational information with it
      Then the exchange is not allowed, for lack of a basis
      And the routes that remain, case by case, are DEC-2009-ROUTE-NON-PERSONAL-PART and DEC-2009-ROUTE-URGENT

  Rule: DEC-2009-ROUTE-URGENT - From 2009 to 2019, personal data may go in an urgent case through a national member

    @DEC-2009-26A-9 @layer-rules
    Scenario: In 2015, with a working arrangement only, an urgent case is the route that remains for personal data
      Given a partner "Examplestan" with a working arrangement
      When Eurojust asks on 2015-06-01 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the routes that remain, case by case, are DEC-2009-ROUTE-URGENT
      And the route DEC-2009-ROUTE-URGENT says "never a standing basis"

  Rule: OLDER-LAW-ADMINISTRATIVE - Before 12 December 2019, administrative personal data have no standing basis here

    @REG-26 @REG-82 @layer-source
    Scenario: In 2015 Switzerland's administrative personal data have no standing basis here, and the decision says why
      Given "Switzerland", a partner the source names
      When Eurojust asks on 2015-06-01 whether it may share administrative personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision rests on the rule OLDER-LAW-ADMINISTRATIVE
      And the explanation says "are not modelled here"

  Rule: The overview of a day before the Regulation follows the law of that day

    @AGR-2 @DEC-2009-26A-1 @DEC-2009-26A-2 @layer-source
    Scenario: The matrix of 2010-01-01
      On that day Norway's and the United States' agreements were in force; Switzerland's was signed but not
      yet in force, and the others were not yet signed or not certainly in force; the United Kingdom was a
      Member State.

      Given the partners the source names
      When Eurojust considers every partner on 2010-01-01
      Then only these partners may receive operational personal data that day: Norway and United States
      And every partner may receive strategic information that day, except United Kingdom
      And only these partners may receive administrative personal data that day: none
      And every decision that day follows the law "Council Decision 2002/187/JHA as amended by Council Decision 2009/426/JHA"
