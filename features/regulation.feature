Feature: The law behind the page
  The page summarises Regulation (EU) 2018/1727. Where the page is silent, the Regulation decides: any third
  country's competent authorities may receive information that is not personal data, as far as Eurojust's
  tasks require (Article 47(2)); personal data need a standing basis of Article 56(2), or go case by case
  under Articles 58 and 59; every transfer of operational personal data meets the four conditions of
  Article 56(1), and an onward transfer needs the prior authorisation of the Member State the data came
  from. Cooperation with third countries' authorities follows Eurojust's cooperation strategy (Articles 47(1)
  and 52(1)). The Regulation applies from 12 December 2019; before that day this knowledge does not model
  the older law (see the feature on it), and before Eurojust existed nothing was exchanged at all. During the United Kingdom's transition
  period Union law still applied to and in it. A decision says "allowed, provided that ...", never an
  unconditional yes, and warns of what it cannot know.

  Rule: REG-NON-PERSONAL - Any third country's competent authorities and any international organisation may receive information that is not personal data

    @REG-47-1 @REG-47-2 @REG-52-1 @layer-source
    Scenario: Brazil, with no agreement, may receive strategic information under Article 47(2), on its conditions
      Given "Brazil", a partner that other public sources name
      When Eurojust asks on 2024-09-30 whether it may share strategic information with it
      Then the exchange is allowed, provided that the conditions TASKS-REQUIRE, COMPETENT-AUTHORITY, SUPPLIER-RESTRICTIONS and COOPERATION-STRATEGY are met
      And it rests on Article 47(2) of the Regulation, and on nothing else
      And the decision rests on the rule REG-NON-PERSONAL
      And the decision cites the statements REG-47-1, REG-47-2 and REG-52-1
      And the explanation says "in line with its cooperation strategy"

  Rule: ROUTE-SAFEGUARDS - Operational personal data may go, case by case, with appropriate safeguards

    @REG-47-2 @REG-56-2-A @REG-58 @REG-59 @layer-source
    Scenario: Brazil has no standing basis for operational personal data: the routes of Articles 58 and 59 remain
      Given "Brazil", a partner that other public sources name
      When Eurojust asks on 2024-09-30 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the routes that remain, case by case, are ROUTE-SAFEGUARDS and ROUTE-DEROGATIONS
      And the decision cites the statements REG-56-2-A, REG-58 and REG-59

    @REG-56-2-A @REG-59 @layer-source
    Scenario: A derogation never holds where the person's fundamental rights override, and is documented for the supervisor
      Given "Brazil", a partner that other public sources name
      When Eurojust asks on 2024-09-30 whether it may share operational personal data with it
      Then the routes that remain, case by case, are ROUTE-SAFEGUARDS and ROUTE-DEROGATIONS
      And the route ROUTE-DEROGATIONS says "fundamental rights and freedoms override the public interest"
      And the route ROUTE-DEROGATIONS says "documented for the European Data Protection Supervisor"

  Rule: ROUTE-NON-PERSONAL-PART - The part that is not personal data may still go under Article 47(2)

    @AGR-1 @REG-47-2 @layer-source
    Scenario: Operational information as a whole has no basis without an agreement; its part that is not personal data may go
      Given "Brazil", a partner that other public sources name
      When Eurojust asks on 2024-09-30 whether it may share operational information with it
      Then the exchange is not allowed, for lack of a basis
      And the routes that remain, case by case, are ROUTE-NON-PERSONAL-PART, ROUTE-SAFEGUARDS and ROUTE-DEROGATIONS
      And the explanation says "may still go under Article 47(2)"

  Rule: ROUTE-DEROGATIONS - Operational personal data may go, in a specific situation, under a derogation

    @WA-2 @REG-47-3 @REG-58 @REG-59 @layer-source
    Scenario: Nigeria's operational personal data have no basis, citing the page and Article 47(3), with the routes that remain
      A working arrangement is expressly not a basis (rule WA-NO-PERSONAL-DATA), which is not a ban.

      Given "Nigeria", a partner the source names
      When Eurojust asks on 2024-09-30 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And the decision cites the statements WA-2 and REG-47-3
      And the routes that remain, case by case, are ROUTE-SAFEGUARDS and ROUTE-DEROGATIONS

  Rule: Every transfer of operational personal data meets the four conditions of Article 56(1)

    @AGR-2 @REG-56-1 @REG-56-2-C @layer-source
    Scenario: The United Kingdom's evidence is allowed on the Trade and Cooperation Agreement, provided the four conditions are met
      Given "United Kingdom", a partner the source names
      When Eurojust asks on 2024-09-30 whether it may share evidence with it
      Then the exchange is allowed, provided that the conditions NECESSARY, COMPETENT-RECIPIENT, MEMBER-STATE-AUTHORISATION and ONWARD-TRANSFER are met
      And it rests on Article 56(2)(c) of the Regulation

    @REG-56-1 @REG-56-2-B @layer-source
    Scenario: An onward transfer needs Eurojust's authorisation, given only with the originating Member State's
      Given "Norway", a partner the source names
      When Eurojust asks on 2024-09-30 whether it may share operational personal data with it
      Then the exchange is allowed, provided that the conditions NECESSARY, COMPETENT-RECIPIENT, MEMBER-STATE-AUTHORISATION and ONWARD-TRANSFER are met
      And the condition ONWARD-TRANSFER says "only with that Member State's prior authorisation"

    @AGR-2 @REG-56-1 @REG-56-2-B @REG-80-5 @layer-source
    Scenario: Norway's operational personal data are allowed on its pre-2019 agreement, provided the four conditions are met
      Given "Norway", a partner the source names
      When Eurojust asks on 2024-09-30 whether it may share operational personal data with it
      Then the exchange is allowed, provided that the conditions NECESSARY, COMPETENT-RECIPIENT, MEMBER-STATE-AUTHORISATION and ONWARD-TRANSFER are met
      And it rests on Article 56(2)(b) of the Regulation
      And the decision cites the statements REG-56-2-B and REG-80-5

  Rule: ROUTE-ADMINISTRATIVE - Administrative personal data go under the Union institutions' data protection regulation

    @REG-26 @layer-source
    Scenario: Officials' contact details have no standing basis here; the route names Regulation 2018/1725
      Given "Norway", a partner the source names
      When Eurojust asks on 2024-09-30 whether it may share administrative personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the routes that remain, case by case, are ROUTE-ADMINISTRATIVE
      And the decision cites the statement REG-26

    @REG-26 @AGR-1 @layer-source
    Scenario Outline: "<typed>" means operational personal data, the stricter kind, and the decision says so
      Given the partners the source names
      When Eurojust asks whether it may share information described as "<typed>" with "Nigeria"
      Then the decision concerns operational personal data
      And the explanation says "This answer is about operational personal data"

      Examples:
        | typed                     |
        | personal data             |
        | operational personal data |

  Rule: Time: nothing before Eurojust, the Regulation from 12 December 2019, and no answer without a warning after the knowledge's date

    @REG-82 @layer-source
    Scenario: Nothing is allowed before Eurojust existed
      Given "Norway", a partner the source names
      When Eurojust asks on 1990-01-01 whether it may share strategic information with it
      Then the exchange is not allowed, for lack of a basis
      And the decision warns that "On this day Eurojust did not exist yet: it was set up on 2002-02-28"

    @REG-82 @layer-source
    Scenario: Before 12 December 2019 the older law decides, and no rule of the Regulation is said to be pending
      Given "Norway", a partner the source names
      When Eurojust asks on 2015-06-01 whether it may share operational personal data with it
      Then the exchange is allowed
      And it rests on Article 26a(2) of the Decision as amended in 2009
      And the decision gives no warning

    @AGR-2 @layer-source
    Scenario: A question about a day after the knowledge's date is answered with a warning
      Given "Norway", a partner the source names
      When Eurojust asks on 2027-01-15 whether it may share evidence with it
      Then the exchange is allowed
      And the decision warns that "This question is about a day after 2026-12-06, the day this knowledge speaks for"

    @AGR-2 @layer-source
    Scenario Outline: On the page's day and on the day the knowledge speaks for, nothing needs a warning: <day>
      Given "Norway", a partner the source names
      When Eurojust asks on <day> whether it may share evidence with it
      Then the exchange is allowed
      And the decision gives no warning

      Examples:
        | day        |
        | 2024-09-30 |
        | 2026-12-06 |

  Rule: Membership of the Union has dates too

    @AGR-2 @LP-1 @layer-source
    Scenario: The United Kingdom was a Member State on 2019-06-01
      Given the partners the source names
      When Eurojust asks on 2019-06-01 whether it may share strategic information with "the United Kingdom"
      Then the question is refused because United Kingdom was a Member State of the EU on that day

  Rule: In the United Kingdom's transition period, Union law still applied to and in it

    @AGR-2 @WDA-126 @WDA-127 @layer-source
    Scenario Outline: In its transition period, a question about the United Kingdom is no question about a third country: <day>
      From 2020-02-01 to 2020-12-31 the Eurojust Regulation applied to and in the United Kingdom as Union law
      (Withdrawal Agreement, Articles 126 and 127): an exchange then followed the rules for the Member States,
      never "no basis" with the routes for third countries.

      Given "United Kingdom", a partner the source names
      When Eurojust asks on <day> whether it may share evidence with it
      Then the question is refused because Union law still applied to and in United Kingdom in its transition period
      And the refusal says "[WDA-126, WDA-127]"
      And the refusal says "followed the rules for the Member States"

      Examples: the first and the last day of the transition period, and a day inside it
        | day        |
        | 2020-02-01 |
        | 2020-06-01 |
        | 2020-12-31 |

    @AGR-2 @WDA-126 @WDA-127 @layer-rules
    Scenario Outline: Any State that leaves the Union is refused as a Member State, then in its transition period, then decided as a third country: <day>
      The rule is the knowledge's, not the United Kingdom's alone: a former Member State with a transition
      period recorded in member_states.yaml is refused on each day of it, and is a third country after it.

      Given a partner "Examplestan" with an agreement on cooperation signed on 2004-06-01, in force from 2004-09-01
      And it was a Member State of the EU until 2020-01-31, with a transition period until 2020-12-31
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then <answer>

      Examples: the last day as a Member State, the first and last days of the transition, the first day after it
        | day        | answer                                                                                          |
        | 2020-01-31 | the question is refused because Examplestan was a Member State of the EU on that day            |
        | 2020-02-01 | the question is refused because Union law still applied to and in Examplestan in its transition period |
        | 2020-12-31 | the question is refused because Union law still applied to and in Examplestan in its transition period |
        | 2021-01-01 | the exchange is allowed                                                                         |

    @AGR-2 @layer-rules
    Scenario: A State that left the Union with no transition period is a third country from the next day
      Given a partner "Examplestan" with an agreement on cooperation signed on 2004-06-01, in force from 2004-09-01
      And it was a Member State of the EU until 2020-01-31
      When Eurojust asks on 2020-02-01 whether it may share operational personal data with it
      Then the exchange is allowed

    @AGR-2 @REG-56-2-C @WDA-126 @layer-source
    Scenario: On 2021-01-01, the day after the transition period, the United Kingdom is a third country with a Union agreement
      Given "United Kingdom", a partner the source names
      When Eurojust asks on 2021-01-01 whether it may share evidence with it
      Then the exchange is allowed
      And it rests on Article 56(2)(c) of the Regulation

    @AGR-2 @LP-1 @layer-source
    Scenario: Croatia was a third country in 2012, before it joined the Union
      Given the partners the source names
      When Eurojust asks on 2012-06-01 whether it may share operational personal data with "Croatia"
      Then the exchange is not allowed, for lack of a basis
      And the decision is about "Croatia"

    @AGR-2 @LP-1 @layer-source
    Scenario: Croatia is a Member State from 2013-07-01
      Given the partners the source names
      When Eurojust asks on 2013-07-01 whether it may share strategic information with "Croatia"
      Then the question is refused because Croatia is a Member State of the EU, not a third country

    @AGR-2 @LP-1 @layer-source
    Scenario: Denmark is a Member State that cooperates under its own agreement, not bound by the Regulation
      Given the partners the source names
      When Eurojust asks whether it may share strategic information with "Denmark"
      Then the question is refused because Denmark is a Member State of the EU, not a third country
      And the refusal says "Denmark does not take part in the Eurojust Regulation and is not bound by it (Protocol No 22"
      And the refusal says "its own agreement of 7 October 2019"
