Feature: Knowledge over time
  Eurojust's relationships with its partners begin and end. An agreement is signed, enters into force later,
  and may one day end; a working arrangement takes effect when it is concluded. Every question is about a
  day, and a relationship grants only on the days it is certainly in force, from its first day to its last,
  both included. Where a source gives only the month or the year of entry into force, or only a signature,
  the relationship is uncertain from the earliest day it can have started: it grants nothing then, and the
  decision says so, with the span. Nothing holds before a signature, nothing is allowed before Eurojust
  existed, and the rules that rest on the Regulation hold from the day it applies, 12 December 2019. No
  relationship is even possibly in force before Eurojust existed, nor before the instrument it depends on
  could have taken effect; an agreement on cooperation is one Eurojust signed before 12 December 2019 (a
  partner a scenario gives has signed its agreement the day Eurojust was set up, unless the scenario says
  when), and a later one is refused when the knowledge loads. A Union agreement may apply provisionally
  before it enters into force, and decisions say which.

  A decision names the partner's relationships that are not yet, no longer, or not certainly in force on
  that day, so that a partner whose relationship has not begun is told apart from one that never had any;
  and it says for how long it holds. What happened after the page was written is added by an amendment
  (examples/amendments/); comparing two versions of the knowledge, or two dates of one, lists exactly the
  decisions that change and what causes each change.

  Rule: A relationship grants only while it is in force

    @AGR-1 @layer-rules
    Scenario Outline: An agreement on cooperation in force during 2025 only, asked about on <day>
      Given a partner "Examplestan" with an agreement on cooperation in force from 2025-01-01 until 2025-12-31
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is <outcome>
      And the decision says its agreement on cooperation is <state>

      Examples: around its first and its last day in force
        | day        | outcome                          | state              |
        | 1990-06-15 | not allowed, for lack of a basis | not yet in force   |
        | 2024-12-31 | not allowed, for lack of a basis | not yet in force   |
        | 2025-01-01 | allowed                          | in force           |
        | 2025-07-01 | allowed                          | in force           |
        | 2025-12-31 | allowed                          | in force           |
        | 2026-01-01 | not allowed, for lack of a basis | no longer in force |
        | 2099-12-31 | not allowed, for lack of a basis | no longer in force |

    @WA-1 @WA-2 @layer-rules
    Scenario: The day after a working arrangement ends, it frames nothing more
      Given a partner "Examplestan" with a working arrangement in force from 2020-06-01 until 2020-12-31
      When Eurojust asks on 2021-01-01 whether it may share strategic information with it
      Then the exchange is allowed
      And it rests on Article 47(2) of the Regulation, and on nothing else
      And the decision says its working arrangement is no longer in force

    @AGR-1 @WA-2 @layer-rules
    Scenario Outline: A working arrangement that follows an agreement on cooperation, asked about on <day>
      As the agreement ends and the working arrangement begins, operational personal data goes from allowed
      to having no basis: the arrangement is expressly no basis for it.

      Given a partner "Examplestan" with an agreement on cooperation in force from 2020-01-01 until 2025-12-31
      And it also has a working arrangement in force from 2026-01-01
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is <outcome>
      And the decision rests on the rule <rule>
      And the decision says its agreement on cooperation is <state>

      Examples: the last day of the agreement, and the first day of the working arrangement
        | day        | outcome                          | rule                | state              |
        | 2025-12-31 | allowed                          | AGR-OPERATIONAL     | in force           |
        | 2026-01-01 | not allowed, for lack of a basis | WA-NO-PERSONAL-DATA | no longer in force |

  Rule: A relationship that is not yet or no longer in force is told apart from no relationship at all

    @AGR-1 @WA-2 @layer-rules
    Scenario: A partner that never had a relationship has nothing out of force to show
      Given a partner "Examplestan" that has no relationship with Eurojust
      When Eurojust asks on 2029-12-31 whether it may share evidence with it
      Then the exchange is not allowed, for lack of a basis
      And the decision mentions no relationship out of force
      And the decision holds from 2026-12-07 onwards

    @AGR-1 @AGR-2 @layer-source
    Scenario: Kenya, a country the knowledge does not name, has nothing out of force
      Given "Kenya", a country the source does not name
      When Eurojust asks on 2025-06-01 whether it may share operational information with it
      Then the exchange is not allowed, for lack of a basis
      And the decision mentions no relationship out of force

  Rule: A date known only to the month, the year or not at all is uncertain, and grants nothing while it is

    @AGR-1 @layer-rules
    Scenario Outline: An agreement in force from a day in October 2026, asked about on <day>
      Given a partner "Examplestan" with an agreement on cooperation in force from a day in 2026-10
      When Eurojust asks on <day> whether it may share evidence with it
      Then the exchange is <outcome>
      And the decision says its agreement on cooperation is <state>

      Examples: before the month, inside it, and its last day
        | day        | outcome                          | state            |
        | 2026-09-30 | not allowed, for lack of a basis | not yet in force |
        | 2026-10-01 | not allowed, for lack of a basis | uncertain        |
        | 2026-10-30 | not allowed, for lack of a basis | uncertain        |
        | 2026-10-31 | allowed                          | in force         |

    @AGR-1 @layer-rules
    Scenario: Inside the uncertain span, the decision gives the span and says why it is not allowed
      Given a partner "Examplestan" with an agreement on cooperation in force from a day in 2026-10
      When Eurojust asks on 2026-10-15 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says the date of its agreement on cooperation is uncertain, between 2026-10-01 and 2026-10-31
      And the decision warns that "may already have been in force on this day, but the date is uncertain"

    @AGR-1 @REG-56-2-C @layer-rules
    Scenario Outline: A Union agreement signed with no known date of entry into force grants nothing on <day>
      Given a partner "Examplestan" with an international agreement between the Union and the country signed on 2024-04-05 whose date of entry into force is not known
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its international agreement between the Union and the country is <state>

      Examples: before the signature, and after it
        | day        | state            |
        | 2024-04-04 | not yet in force |
        | 2024-04-05 | uncertain        |
        | 2099-01-01 | uncertain        |

    @AGR-1 @REG-56-2-C @layer-rules
    Scenario: A signed Union agreement with no known date of entry into force says so
      Given a partner "Examplestan" with an international agreement between the Union and the country signed on 2024-04-05 whose date of entry into force is not known
      When Eurojust asks on 2024-09-30 whether it may share evidence with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its international agreement between the Union and the country, signed on 2024-04-05, has no known date of entry into force

    @AGR-1 @layer-rules
    Scenario Outline: An agreement known to be in force on a day, since a day not known, asked about on <day>
      Given a partner "Examplestan" with an agreement on cooperation whose date of entry into force is not known, known to be in force on 2022-03-01
      When Eurojust asks on <day> whether it may share evidence with it
      Then the exchange is <outcome>
      And the decision says its agreement on cooperation is <state>

      Examples:
        | day        | outcome                          | state     |
        | 2022-02-28 | not allowed, for lack of a basis | uncertain |
        | 2022-03-01 | allowed                          | in force  |

  Rule: The relationships the page names are in force from the dates public sources give, with their addresses

    @AGR-1 @AGR-2 @REG-82 @DEC-2009-26A-2 @layer-source
    Scenario Outline: Switzerland's agreement, in force from 2011-07-22, asked about on <day>
      Given "Switzerland", a partner the source names
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is <outcome>
      And the decision says its agreement on cooperation is <state>

      Examples: before and after its entry into force, before and after the Regulation applies
        | day        | outcome                          | state            |
        | 2011-07-21 | not allowed, for lack of a basis | not yet in force |
        | 2011-07-22 | allowed                          | in force         |
        | 2019-12-11 | allowed                          | in force         |
        | 2019-12-12 | allowed                          | in force         |

    @AGR-1 @AGR-2 @layer-source
    Scenario: Norway's agreement, signed on 2005-04-28 and in force on a day in 2005, never holds before its signature
      Given "Norway", a partner the source names
      When Eurojust asks on 2005-04-27 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its agreement on cooperation is not yet in force

    @AGR-1 @AGR-2 @layer-source
    Scenario: Norway's agreement is uncertain during 2005, from its signature to the end of the year
      Given "Norway", a partner the source names
      When Eurojust asks on 2005-06-01 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says the date of its agreement on cooperation is uncertain, between 2005-04-28 and 2005-12-31

    @AGR-2 @REG-82 @layer-source
    Scenario: Georgia's agreement is known in force from 2020-11-19, when the Commission listed it in place
      Its signature (2019-03-29) is public, its entry into force is not: until a source shows it in force, it
      grants nothing, and the decision says why.

      Given "Georgia", a partner the source names
      When Eurojust asks on 2020-06-01 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says the date of its agreement on cooperation is uncertain, between 2019-03-29 and 2020-11-19
      And the decision warns that "Georgia's agreement on cooperation (AGR-2) may already have been in force"

    @AGR-1 @AGR-2 @REG-56-2-B @REG-80-5 @layer-source
    Scenario Outline: <country>'s operational personal data are allowed on 2021-07-01, on its agreement of before 2019
      Every agreement Eurojust concluded was in place on 2020-11-19 (the Commission's COM(2020) 743), or in
      force earlier on a day a public source gives.

      Given "<country>", a partner the source names
      When Eurojust asks on 2021-07-01 whether it may share operational personal data with it
      Then the exchange is allowed
      And it rests on Article 56(2)(b) of the Regulation
      And the decision says its agreement on cooperation is in force

      Examples: the agreements once read as uncertain until the page's day or later
        | country       |
        | Albania       |
        | Georgia       |
        | Iceland       |
        | Liechtenstein |
        | Ukraine       |

    @AGR-1 @AGR-2 @layer-source
    Scenario Outline: Ukraine's agreement, signed on 2016-06-27 and in force on 2017-09-02, asked about on <day>
      Given "Ukraine", a partner the source names
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the decision says its agreement on cooperation is <state>

      Examples:
        | day        | state            |
        | 2016-06-27 | not yet in force |
        | 2017-09-01 | not yet in force |
        | 2017-09-02 | in force         |

  Rule: Nothing is even possibly in force before Eurojust existed, nor before what it depends on could take effect

    @AGR-2 @LP-2 @REG-82 @layer-source
    Scenario: On 2001-06-01, before Eurojust existed, no relationship of any partner is possibly in force
      Given the partners the source names
      When Eurojust considers every partner on 2001-06-01
      Then no relationship of any partner is uncertain on that day
      And no relationship of any partner that concerns Eurojust is in force on that day

    @LP-1 @LP-2 @layer-rules
    Scenario Outline: A liaison prosecutor of unknown date is not possibly in force before its agreement was signed, asked about on <day>
      Given a partner "Examplestan" with an agreement on cooperation signed on 2015-03-01 whose date of entry into force is not known
      And it also has a liaison prosecutor posted at Eurojust whose date of entry into force is not known
      When Eurojust asks on <day> whether it may share evidence with it
      Then the decision says its liaison prosecutor posted at Eurojust is <state>

      Examples:
        | day        | state            |
        | 2015-02-28 | not yet in force |
        | 2015-03-01 | uncertain        |

    @LP-1 @LP-2 @layer-rules
    Scenario Outline: A liaison prosecutor is not possibly in force before its agreement could be, asked about on <day>
      Given a partner "Examplestan" with an agreement on cooperation signed on 2015-03-01, in force from 2015-09-01
      And it also has a liaison prosecutor posted at Eurojust whose date of entry into force is not known
      When Eurojust asks on <day> whether it may share evidence with it
      Then the decision says its liaison prosecutor posted at Eurojust is <state>

      Examples:
        | day        | state            |
        | 2015-08-31 | not yet in force |
        | 2015-09-01 | uncertain        |

    @LP-1 @LP-2 @layer-rules
    Scenario: A liaison prosecutor in force before the agreement it is posted under was signed is refused
      Given a partner "Examplestan" with an agreement on cooperation signed on 2015-03-01 whose date of entry into force is not known
      And it also has a liaison prosecutor posted at Eurojust in force from 2014-01-01
      When Eurojust loads the knowledge
      Then the knowledge is refused, naming "partner Examplestan, relationship liaison_prosecutor"
      And the refusal says "the instrument it depends on cannot have taken effect before 2015-03-01"

    @CP-2 @REG-82 @layer-rules
    Scenario: A contact point in force before Eurojust existed is refused
      Given a partner "Examplestan" with a contact point in force from 2001-01-01
      When Eurojust loads the knowledge
      Then the knowledge is refused, naming "partner Examplestan, relationship contact_point"
      And the refusal says "Eurojust was set up on 2002-02-28"

  Rule: Only an agreement Eurojust signed before 12 December 2019 is an agreement on cooperation

    @AGR-1 @REG-56-2-B @REG-80-5 @layer-rules
    Scenario: An agreement of Eurojust's own signed in 2022 is refused when the knowledge loads
      Since 12 December 2019 only the Union concludes agreements on cooperation with Eurojust: a later one is
      a Union agreement (Article 56(2)(c)), never one under Article 56(2)(b).

      Given a partner "Examplestan" with an agreement on cooperation signed on 2022-03-01, in force from 2022-06-01
      When Eurojust loads the knowledge
      Then the knowledge is refused, naming "partner Examplestan, relationship agreement_on_cooperation"
      And the refusal says "it was signed on 2022-03-01, but a relationship of this kind (agreement on cooperation) is one signed before 2019-12-12"
      And the refusal says "union_agreement"

    @AGR-1 @REG-56-2-B @REG-80-5 @layer-rules
    Scenario: An agreement on cooperation signed on 2019-12-11, the last day Eurojust could conclude one, is a basis
      Given a partner "Examplestan" with an agreement on cooperation signed on 2019-12-11, in force from 2020-06-01
      When Eurojust asks on 2020-06-01 whether it may share operational personal data with it
      Then the exchange is allowed
      And it rests on Article 56(2)(b) of the Regulation

    @AGR-1 @REG-56-2-B @layer-rules
    Scenario: An agreement on cooperation that does not say when it was signed is refused
      Given a partner "Examplestan" with an agreement on cooperation whose signature is not recorded
      When Eurojust loads the knowledge
      Then the knowledge is refused, naming "partner Examplestan, relationship agreement_on_cooperation"
      And the refusal says "must say when it was signed"

  Rule: A Union agreement may apply provisionally before it enters into force, and the decision says which

    @AGR-1 @REG-56-2-C @layer-rules
    Scenario Outline: A Union agreement applied provisionally from 2021-01-01 and in force from 2021-05-01, asked about on <day>
      Given a partner "Examplestan" with an international agreement between the Union and the country signed on 2020-12-30, applied provisionally from 2021-01-01, in force from 2021-05-01
      When Eurojust asks on <day> whether it may share evidence with it
      Then the exchange is <outcome>
      And the decision says its international agreement between the Union and the country is <state>

      Examples:
        | day        | outcome                          | state            |
        | 2020-12-31 | not allowed, for lack of a basis | not yet in force |
        | 2021-01-01 | allowed                          | in force         |
        | 2021-05-01 | allowed                          | in force         |

    @AGR-1 @REG-56-2-C @layer-rules
    Scenario: While applied provisionally, the decision says the agreement is not yet in force
      Given a partner "Examplestan" with an international agreement between the Union and the country signed on 2020-12-30, applied provisionally from 2021-01-01, in force from 2021-05-01
      When Eurojust asks on 2021-03-01 whether it may share evidence with it
      Then the exchange is allowed
      And the decision says its international agreement between the Union and the country is applied provisionally, not yet in force

    @AGR-1 @REG-56-2-C @layer-rules
    Scenario: A Union agreement that applies only from a day after its entry into force grants nothing before it
      Given a partner "Examplestan" with an international agreement between the Union and the country signed on 2024-01-15, in force from 2024-06-01, applying from 2024-09-01
      When Eurojust asks on 2024-07-01 whether it may share evidence with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its international agreement between the Union and the country is not yet in force

    @WA-1 @WA-2 @WA-3 @layer-source
    Scenario Outline: Peru's working arrangement, in force from 2024-07-10, asked about on <day>
      Given "Peru", a partner the source names
      When Eurojust asks on <day> whether it may share strategic information with it
      Then the exchange is allowed
      And the decision says its working arrangement is <state>

      Examples:
        | day        | state            |
        | 2024-07-09 | not yet in force |
        | 2024-07-10 | in force         |

  Rule: An amendment adds what the rules directory does not hold yet

    @AGR-1 @REG-56-2-C @layer-rules
    Scenario Outline: With the example amendment, the Examplestan Judicial Network's Union agreement, asked about on <day>
      The amendment in examples/amendments/examplestan is fictitious: it shows what an amendment does.

      Given "Examplestan Judicial Network", a partner added by the amendment in "examples/amendments/examplestan"
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is <outcome>
      And the decision says its international agreement between the Union and the country is <state>

      Examples:
        | day        | outcome                          | state            |
        | 2025-03-02 | not allowed, for lack of a basis | not yet in force |
        | 2025-08-31 | not allowed, for lack of a basis | not yet in force |
        | 2025-09-01 | allowed                          | in force         |

  Rule: Change impact between two versions of the knowledge

    @AGR-1 @REG-56-2-C @layer-rules
    Scenario: The example amendment adds exactly the decisions about the partner it adds
      Given the partners the source names
      When Eurojust compares on 2026-01-01 what it may share before and after the amendment in "examples/amendments/examplestan"
      Then exactly these decisions change:
        | partner                      | kind of information          | before          | after    | rules added                           | relationships added                                          |
        | Examplestan Judicial Network | operational information      | unknown partner | allowed  | UNION-AGREEMENT-OPERATIONAL           | international agreement between the Union and the country |
        | Examplestan Judicial Network | evidence                     | unknown partner | allowed  | UNION-AGREEMENT-OPERATIONAL           | international agreement between the Union and the country |
        | Examplestan Judicial Network | operational personal data    | unknown partner | allowed  | UNION-AGREEMENT-OPERATIONAL           | international agreement between the Union and the country |
        | Examplestan Judicial Network | administrative personal data | unknown partner | no basis |                                       | international agreement between the Union and the country |
        | Examplestan Judicial Network | strategic information        | unknown partner | allowed  | REG-NON-PERSONAL, AGR-NON-OPERATIONAL | international agreement between the Union and the country |
        | Examplestan Judicial Network | best practices               | unknown partner | allowed  | REG-NON-PERSONAL, AGR-NON-OPERATIONAL | international agreement between the Union and the country |
        | Examplestan Judicial Network | information on legal systems | unknown partner | allowed  | REG-NON-PERSONAL, AGR-NON-OPERATIONAL | international agreement between the Union and the country |

    @AGR-1 @WA-2 @layer-source
    Scenario Outline: The knowledge compared with itself changes no decision on <day>
      Given the partners the source names
      When Eurojust compares on <day> what it may share before and after reading the same knowledge again
      Then no decision changes

      Examples:
        | day        |
        | 2011-07-22 |
        | 2024-09-30 |

  Rule: Change impact between two dates of the knowledge

    @AGR-1 @REG-82 @layer-rules
    Scenario: The day an agreement on cooperation enters into force changes every decision about the partner
      Given a partner "Examplestan" with an agreement on cooperation in force from 2030-01-01
      When Eurojust compares what it may share on 2029-12-31 with what it may share on 2030-01-01
      Then exactly these decisions change:
        | partner     | kind of information          | before   | after    | rules added         | relationships added      |
        | Examplestan | operational information      | no basis | allowed  | AGR-OPERATIONAL     | agreement on cooperation |
        | Examplestan | evidence                     | no basis | allowed  | AGR-OPERATIONAL     | agreement on cooperation |
        | Examplestan | operational personal data    | no basis | allowed  | AGR-OPERATIONAL     | agreement on cooperation |
        | Examplestan | administrative personal data | no basis | no basis |                     | agreement on cooperation |
        | Examplestan | strategic information        | allowed  | allowed  | AGR-NON-OPERATIONAL | agreement on cooperation |
        | Examplestan | best practices               | allowed  | allowed  | AGR-NON-OPERATIONAL | agreement on cooperation |
        | Examplestan | information on legal systems | allowed  | allowed  | AGR-NON-OPERATIONAL | agreement on cooperation |

    @AGR-1 @AGR-2 @REG-82 @REG-56-2-B @layer-source
    Scenario: On 2019-12-12 the Regulation takes over: Switzerland's personal data rest on Article 56(2)(b) instead
      Given the partners the source names
      When Eurojust compares what it may share on 2019-12-11 with what it may share on 2019-12-12
      Then Switzerland's operational personal data goes from allowed to allowed
      And that change adds the rule AGR-OPERATIONAL and takes away the rule DEC-2009-AGREEMENT-OPERATIONAL
