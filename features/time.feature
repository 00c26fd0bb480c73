Feature: Knowledge over time
  Eurojust's relationships with its partners begin and end. An agreement on cooperation is signed, enters
  into force later, and may one day end; a working arrangement takes effect when it is concluded. Every
  question is about a day, and a relationship grants only on the days it is in force, from its first day to
  its last, both included. A decision names the partner's relationships that are not yet, or no longer, in
  force on that day, so that a partner whose relationship has not begun is told apart from one that never
  had any; and it says for how long it holds.

  Where no date is known, a relationship holds at every date; the dates of the relationships the source
  names come from public announcements (rules/partners.yaml). What happened after the source was written is
  added by an amendment (examples/amendments/), and comparing two versions of the knowledge, or two dates of
  one, lists exactly the decisions that change and what causes each change.

  Rule: A relationship grants only while it is in force

    @AGR-1 @layer-rules
    Scenario: The day before an agreement on cooperation enters into force, it grants nothing
      Given a partner "Examplestan" with an agreement on cooperation in force from 2030-01-01
      When Eurojust asks on 2029-12-31 whether it may share evidence with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its agreement on cooperation is not yet in force
      And the decision holds until 2029-12-31

    @AGR-1 @layer-rules
    Scenario: On the day an agreement on cooperation enters into force, it is a basis
      Given a partner "Examplestan" with an agreement on cooperation in force from 2030-01-01
      When Eurojust asks on 2030-01-01 whether it may share evidence with it
      Then the exchange is allowed
      And its basis is the agreement on cooperation
      And the decision rests on the rule AGR-OPERATIONAL
      And the decision holds from 2030-01-01 onwards

    @AGR-1 @layer-rules
    Scenario: After an agreement on cooperation has entered into force, it remains a basis
      Given a partner "Examplestan" with an agreement on cooperation in force from 2030-01-01
      When Eurojust asks on 2031-06-15 whether it may share evidence with it
      Then the exchange is allowed
      And the decision says its agreement on cooperation is in force
      And the decision mentions no relationship out of force

    @WA-1 @WA-2 @layer-rules
    Scenario: On the last day of a working arrangement, it is still a basis
      Given a partner "Examplestan" with a working arrangement in force until 2020-12-31
      When Eurojust asks on 2020-12-31 whether it may share strategic information with it
      Then the exchange is allowed
      And the decision rests on the rule WA-STRATEGIC
      And the decision holds until 2020-12-31

    @WA-1 @WA-2 @layer-rules
    Scenario: The day after a working arrangement ends, it grants nothing
      Given a partner "Examplestan" with a working arrangement in force until 2020-12-31
      When Eurojust asks on 2021-01-01 whether it may share strategic information with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its working arrangement is no longer in force
      And the decision holds from 2021-01-01 onwards

    @WA-2 @layer-rules
    Scenario: The exclusion of personal data ends with the working arrangement
      Once the working arrangement has ended, nothing excludes operational personal data any more; nothing
      permits it either.

      Given a partner "Examplestan" with a working arrangement in force until 2020-12-31
      When Eurojust asks on 2021-01-01 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the rule WA-NO-PERSONAL-DATA plays no part in the decision

    @AGR-1 @layer-rules
    Scenario Outline: An agreement on cooperation in force during 2025 only, asked about on <day>
      Given a partner "Examplestan" with an agreement on cooperation in force from 2025-01-01 until 2025-12-31
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is <outcome>
      And the decision says its agreement on cooperation is <state>

      Examples: around its first and its last day in force
        | day        | outcome                          | state              |
        | 1990-06-15 | not allowed, for lack of a basis | not yet in force   |
        | 2024-12-30 | not allowed, for lack of a basis | not yet in force   |
        | 2024-12-31 | not allowed, for lack of a basis | not yet in force   |
        | 2025-01-01 | allowed                          | in force           |
        | 2025-01-02 | allowed                          | in force           |
        | 2025-07-01 | allowed                          | in force           |
        | 2025-12-30 | allowed                          | in force           |
        | 2025-12-31 | allowed                          | in force           |
        | 2026-01-01 | not allowed, for lack of a basis | no longer in force |
        | 2026-01-02 | not allowed, for lack of a basis | no longer in force |
        | 2099-12-31 | not allowed, for lack of a basis | no longer in force |

    @AGR-1 @WA-2 @layer-rules
    Scenario Outline: A working arrangement that follows an agreement on cooperation, asked about on <day>
      As the agreement ends and the working arrangement begins, operational personal data goes from allowed
      to prohibited.

      Given a partner "Examplestan" with an agreement on cooperation in force until 2025-12-31
      And it also has a working arrangement in force from 2026-01-01
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is <outcome>
      And the decision rests on the rule <rule>
      And the decision says its agreement on cooperation is <state>

      Examples: the last day of the agreement, and the first day of the working arrangement
        | day        | outcome    | rule                | state              |
        | 2025-12-31 | allowed    | AGR-OPERATIONAL     | in force           |
        | 2026-01-01 | prohibited | WA-NO-PERSONAL-DATA | no longer in force |

  Rule: A relationship that is not yet or no longer in force is told apart from no relationship at all

    @AGR-1 @layer-rules
    Scenario Outline: A partner whose agreement on cooperation is <state> is told so
      Given a partner "Examplestan" with an agreement on cooperation in force from 2025-01-01 until 2025-12-31
      When Eurojust asks on <day> whether it may share evidence with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its agreement on cooperation is <state>

      Examples:
        | day        | state              |
        | 2024-06-30 | not yet in force   |
        | 2026-06-30 | no longer in force |

    @AGR-1 @WA-2 @layer-rules
    Scenario: A partner that never had a relationship has nothing out of force to show
      Given a partner "Examplestan" that has no relationship with Eurojust
      When Eurojust asks on 2029-12-31 whether it may share evidence with it
      Then the exchange is not allowed, for lack of a basis
      And the decision mentions no relationship out of force
      And the decision holds at every date

    @AGR-1 @AGR-2 @layer-source
    Scenario: Without the amendment, Armenia is a country the source does not name, with nothing out of force
      Given "Armenia", a country the source does not name
      When Eurojust asks on 2025-06-01 whether it may share operational information with it
      Then the exchange is not allowed, for lack of a basis
      And the decision mentions no relationship out of force
      And the decision holds at every date

  Rule: A signed agreement grants nothing until it enters into force
    An agreement on cooperation is signed first and enters into force later, often after ratification.
    Until a date of entry into force is recorded, the signed agreement grants nothing, at any date.

    @AGR-1 @layer-rules
    Scenario Outline: An agreement on cooperation signed with no date of entry into force grants nothing on <day>
      Given a partner "Examplestan" with an agreement on cooperation signed on 2024-04-05 whose date of entry into force is not recorded
      When Eurojust asks on <day> whether it may share operational information with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its agreement on cooperation, signed on 2024-04-05, has no date of entry into force recorded

      Examples:
        | day        |
        | 2000-01-01 |
        | 2024-04-04 |
        | 2024-04-05 |
        | 2024-04-06 |
        | 2099-12-31 |

    @AGR-1 @layer-rules
    Scenario: Between its signature and its entry into force, an agreement on cooperation grants nothing
      Given a partner "Examplestan" with an agreement on cooperation signed on 2029-06-01, in force from 2030-01-01
      When Eurojust asks on 2029-09-01 whether it may share operational information with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its agreement on cooperation is not yet in force

    @AGR-1 @WA-2 @layer-rules
    Scenario: The day before its entry into force, a signed agreement on cooperation permits no kind of information
      Given a partner "Examplestan" with an agreement on cooperation signed on 2029-06-01, in force from 2030-01-01
      When Eurojust considers on 2029-12-31 what it may share with it
      Then nothing may be shared with it, for lack of a basis

    @AGR-1 @WA-2 @layer-rules
    Scenario: A signed agreement on cooperation does not lift the exclusion of personal data
      Given a partner "Examplestan" with a working arrangement
      And it also has an agreement on cooperation signed on 2024-04-05 whose date of entry into force is not recorded
      When Eurojust asks on 2025-06-01 whether it may share operational personal data with it
      Then the exchange is prohibited
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And the decision says its agreement on cooperation, signed on 2024-04-05, has no date of entry into force recorded

  Rule: The relationships the source names are in force from the dates public announcements give

    @AGR-1 @AGR-2 @layer-source
    Scenario Outline: Switzerland's agreement on cooperation, in force from 2011-07-22, asked about on <day>
      Given "Switzerland", a partner the source names
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is <outcome>
      And the decision says its agreement on cooperation is <state>

      Examples: from its signature to the date the knowledge speaks for
        | day        | outcome                          | state            |
        | 2008-11-27 | not allowed, for lack of a basis | not yet in force |
        | 2011-07-21 | not allowed, for lack of a basis | not yet in force |
        | 2011-07-22 | allowed                          | in force         |
        | 2011-07-23 | allowed                          | in force         |
        | 2024-09-30 | allowed                          | in force         |

    @AGR-1 @AGR-2 @layer-source
    Scenario Outline: The United Kingdom's agreement on cooperation, in force from 2021-01-01, asked about on <day>
      Given "United Kingdom", a partner the source names
      When Eurojust asks on <day> whether it may share evidence with it
      Then the exchange is <outcome>
      And the decision says its agreement on cooperation is <state>

      Examples: before and after the Trade and Cooperation Agreement applies
        | day        | outcome                          | state            |
        | 2020-12-30 | not allowed, for lack of a basis | not yet in force |
        | 2020-12-31 | not allowed, for lack of a basis | not yet in force |
        | 2021-01-01 | allowed                          | in force         |
        | 2021-05-01 | allowed                          | in force         |

    @WA-1 @WA-2 @WA-3 @layer-source
    Scenario Outline: Peru's working arrangement, in force from 2024-07-10, asked about <kind> on <day>
      Given "Peru", a partner the source names
      When Eurojust asks on <day> whether it may share <kind> with it
      Then the exchange is <outcome>
      And the decision says its working arrangement is <state>

      Examples: before and after the working arrangement takes effect
        | day        | kind                      | outcome                          | state            |
        | 2024-07-09 | strategic information     | not allowed, for lack of a basis | not yet in force |
        | 2024-07-10 | strategic information     | allowed                          | in force         |
        | 2024-07-09 | best practices            | not allowed, for lack of a basis | not yet in force |
        | 2025-01-01 | best practices            | allowed                          | in force         |
        | 2024-07-09 | operational personal data | not allowed, for lack of a basis | not yet in force |
        | 2024-07-10 | operational personal data | prohibited                       | in force         |

    @AGR-1 @AGR-2 @layer-source
    Scenario Outline: Norway's agreement on cooperation, recorded without dates, is a basis on <day>
      Given "Norway", a partner the source names
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is allowed
      And the decision mentions no relationship out of force
      And the decision holds at every date

      Examples:
        | day        |
        | 1990-01-01 |
        | 2024-09-30 |
        | 2100-01-01 |

  Rule: An amendment adds what happened after the source was written
    The amendment in examples/amendments/armenia adds Armenia: its agreement on cooperation, signed on
    2024-04-05 and ratified on 2024-09-10 with no date of entry into force recorded, and its working
    arrangement, in force from 2024-09-30.

    @WA-1 @WA-2 @layer-source
    Scenario Outline: With the Armenia amendment, Armenia may exchange <kind> under its working arrangement
      Given "Armenia", a partner added by the amendment in "examples/amendments/armenia"
      When Eurojust asks on 2024-09-30 whether it may share <kind> with it
      Then the exchange is allowed
      And its basis is the working arrangement
      And the decision rests on the rule WA-STRATEGIC
      And the decision cites the statements WA-1 and WA-2

      Examples:
        | kind                  |
        | strategic information |
        | best practices        |

    @WA-1 @WA-2 @layer-source
    Scenario: With the Armenia amendment, Armenia has no basis the day before its working arrangement
      Given "Armenia", a partner added by the amendment in "examples/amendments/armenia"
      When Eurojust asks on 2024-09-29 whether it may share strategic information with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its working arrangement is not yet in force
      And the decision holds until 2024-09-29

    @WA-2 @layer-source
    Scenario: With the Armenia amendment, Armenia may not receive operational personal data
      Given "Armenia", a partner added by the amendment in "examples/amendments/armenia"
      When Eurojust asks on 2025-06-01 whether it may share operational personal data with it
      Then the exchange is prohibited
      And the decision rests on the rule WA-NO-PERSONAL-DATA
      And the decision cites the statement WA-2

    @AGR-1 @layer-source
    Scenario Outline: With the Armenia amendment, Armenia's signed agreement on cooperation grants nothing on <day>
      Given "Armenia", a partner added by the amendment in "examples/amendments/armenia"
      When Eurojust asks on <day> whether it may share operational information with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its agreement on cooperation, signed on 2024-04-05, has no date of entry into force recorded

      Examples: from its signature on, past its ratification
        | day        |
        | 2024-04-05 |
        | 2024-09-10 |
        | 2024-09-30 |
        | 2099-12-31 |

  Rule: Change impact between two versions of the knowledge
    Comparing the decisions of two versions of the knowledge on one day lists every partner and kind of
    information whose decision differs, with the rules and relationships that cause the difference and what
    they cite, and nothing else.

    @WA-1 @WA-2 @layer-source
    Scenario: The Armenia amendment changes exactly three of Armenia's decisions, through its working arrangement
      Given the partners the source names
      When Eurojust compares on 2025-06-01 what it may share before and after the amendment in "examples/amendments/armenia"
      Then exactly these decisions change:
        | partner | kind of information       | before   | after      | rules added         | relationships added | statements |
        | Armenia | strategic information     | no basis | allowed    | WA-STRATEGIC        | working arrangement | WA-1, WA-2 |
        | Armenia | best practices            | no basis | allowed    | WA-STRATEGIC        | working arrangement | WA-1, WA-2 |
        | Armenia | operational personal data | no basis | prohibited | WA-NO-PERSONAL-DATA | working arrangement | WA-2       |
      And each change cites the public source of Armenia's working arrangement

    @AGR-1 @WA-1 @WA-2 @layer-source
    Scenario: Before Armenia's working arrangement, the Armenia amendment changes no decision
      Its agreement on cooperation is signed but not in force, so it changes nothing either.

      Given the partners the source names
      When Eurojust compares on 2024-09-29 what it may share before and after the amendment in "examples/amendments/armenia"
      Then no decision changes

    @AGR-1 @WA-2 @layer-source
    Scenario Outline: The knowledge compared with itself changes no decision on <day>
      Given the partners the source names
      When Eurojust compares on <day> what it may share before and after reading the same knowledge again
      Then no decision changes

      Examples:
        | day        |
        | 2011-01-01 |
        | 2024-09-30 |
        | 2030-01-01 |

  Rule: Change impact between two dates of the knowledge

    @AGR-1 @layer-rules
    Scenario: The day an agreement on cooperation enters into force changes every decision about the partner
      Given a partner "Examplestan" with an agreement on cooperation in force from 2030-01-01
      When Eurojust compares what it may share on 2029-12-31 with what it may share on 2030-01-01
      Then exactly these decisions change:
        | partner     | kind of information          | before   | after   | rules added         | relationships added      |
        | Examplestan | operational information      | no basis | allowed | AGR-OPERATIONAL     | agreement on cooperation |
        | Examplestan | evidence                     | no basis | allowed | AGR-OPERATIONAL     | agreement on cooperation |
        | Examplestan | operational personal data    | no basis | allowed | AGR-OPERATIONAL     | agreement on cooperation |
        | Examplestan | strategic information        | no basis | allowed | AGR-NON-OPERATIONAL | agreement on cooperation |
        | Examplestan | best practices               | no basis | allowed | AGR-NON-OPERATIONAL | agreement on cooperation |
        | Examplestan | information on legal systems | no basis | allowed | AGR-NON-OPERATIONAL | agreement on cooperation |

    @WA-1 @WA-2 @layer-rules
    Scenario: The day after a working arrangement ends, its permissions and its exclusion lapse
      Given a partner "Examplestan" with a working arrangement in force until 2019-12-31
      When Eurojust compares what it may share on 2019-12-31 with what it may share on 2020-01-01
      Then exactly these decisions change:
        | partner     | kind of information       | before     | after    | rules removed       | relationships removed |
        | Examplestan | strategic information     | allowed    | no basis | WA-STRATEGIC        | working arrangement   |
        | Examplestan | best practices            | allowed    | no basis | WA-STRATEGIC        | working arrangement   |
        | Examplestan | operational personal data | prohibited | no basis | WA-NO-PERSONAL-DATA | working arrangement   |

    @AGR-1 @AGR-2 @WA-2 @layer-source
    Scenario: In 2011, only Switzerland's decisions change, as its agreement on cooperation enters into force
      Given the partners the source names
      When Eurojust compares what it may share on 2011-01-01 with what it may share on 2011-12-31
      Then exactly these decisions change:
        | partner     | kind of information          | before   | after   | rules added         | relationships added      | statements         |
        | Switzerland | operational information      | no basis | allowed | AGR-OPERATIONAL     | agreement on cooperation | AGR-1, AGR-2       |
        | Switzerland | evidence                     | no basis | allowed | AGR-OPERATIONAL     | agreement on cooperation | AGR-1, AGR-2       |
        | Switzerland | operational personal data    | no basis | allowed | AGR-OPERATIONAL     | agreement on cooperation | AGR-1, AGR-2       |
        | Switzerland | strategic information        | no basis | allowed | AGR-NON-OPERATIONAL | agreement on cooperation | AGR-1, WA-2, AGR-2 |
        | Switzerland | best practices               | no basis | allowed | AGR-NON-OPERATIONAL | agreement on cooperation | AGR-1, WA-2, AGR-2 |
        | Switzerland | information on legal systems | no basis | allowed | AGR-NON-OPERATIONAL | agreement on cooperation | AGR-1, WA-2, AGR-2 |
