Feature: Knowledge over time
  Eurojust's relationships with its partners begin and end. An agreement is signed, enters into force later,
  and may one day end; a working arrangement takes effect when it is concluded. Every question is about a
  day, and a relationship grants only on the days it is certainly in force, from its first day to its last,
  both included. Where a source gives only the month or the year of entry into force, or only a signature,
  the relationship is uncertain from the earliest day it can have started: it grants nothing then, and the
  decision says so, with the span. Nothing holds before a signature, nothing is allowed before Eurojust
  existed, and the rules that rest on the Regulation hold from the day it applies, 12 December 2019.

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
      And the decision holds from 2024-10-01 onwards

    @AGR-1 @AGR-2 @layer-source
    Scenario: Without the amendment, Armenia is a country the page does not name, with nothing out of force
      Given "Armenia", a country the source does not name
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

    @AGR-1 @layer-rules
    Scenario Outline: An agreement signed with no known date of entry into force grants nothing on <day>
      Given a partner "Examplestan" with an agreement on cooperation signed on 2024-04-05 whose date of entry into force is not known
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its agreement on cooperation is <state>

      Examples: before the signature, and after it
        | day        | state            |
        | 2024-04-04 | not yet in force |
        | 2024-04-05 | uncertain        |
        | 2099-01-01 | uncertain        |

    @AGR-1 @layer-rules
    Scenario: A signed agreement with no known date of entry into force says so
      Given a partner "Examplestan" with an agreement on cooperation signed on 2024-04-05 whose date of entry into force is not known
      When Eurojust asks on 2024-09-30 whether it may share evidence with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its agreement on cooperation, signed on 2024-04-05, has no known date of entry into force

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

    @AGR-1 @AGR-2 @REG-82 @layer-source
    Scenario Outline: Switzerland's agreement, in force from 2011-07-22, asked about on <day>
      Given "Switzerland", a partner the source names
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is <outcome>
      And the decision says its agreement on cooperation is <state>

      Examples: before and after its entry into force, before and after the Regulation applies
        | day        | outcome                          | state            |
        | 2011-07-21 | not allowed, for lack of a basis | not yet in force |
        | 2011-07-22 | not allowed, for lack of a basis | in force         |
        | 2019-12-11 | not allowed, for lack of a basis | in force         |
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
    Scenario: Georgia's agreement is known in force only from the day the page speaks for
      Its signature (2019-03-29) is public, its entry into force is not: until the page shows it in force, it
      grants nothing, and the decision says why.

      Given "Georgia", a partner the source names
      When Eurojust asks on 2022-01-01 whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says the date of its agreement on cooperation is uncertain, between 2019-03-29 and 2024-09-30
      And the decision warns that "Georgia's agreement on cooperation (AGR-2) may already have been in force"

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

  Rule: An amendment adds what happened after the page was written

    @AGR-1 @REG-56-2-C @layer-source
    Scenario Outline: With the Armenia amendment, Armenia's Union agreement, signed on 2024-04-05, grants nothing on <day>
      Its entry into force is not known: it is uncertain from its signature on.

      Given "Armenia", a partner added by the amendment in "examples/amendments/armenia"
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its international agreement between the Union and the country is <state>

      Examples:
        | day        | state            |
        | 2024-04-04 | not yet in force |
        | 2024-04-05 | uncertain        |
        | 2026-01-01 | uncertain        |

    @AGR-1 @REG-56-2-C @layer-source
    Scenario: With the Bosnia and Herzegovina amendment, its Union agreement signed on 2024-10-28 grants nothing yet
      Given "Bosnia and Herzegovina", a partner added by the amendment in "examples/amendments/bosnia-and-herzegovina"
      When Eurojust asks on 2025-06-01 whether it may share evidence with it
      Then the exchange is not allowed, for lack of a basis
      And the decision says its international agreement between the Union and the country, signed on 2024-10-28, has no known date of entry into force

  Rule: Change impact between two versions of the knowledge

    @AGR-1 @REG-56-2-C @layer-source
    Scenario: The Armenia amendment adds a pending Union agreement to every decision about Armenia, and changes no outcome
      Given the partners the source names
      When Eurojust compares on 2025-06-01 what it may share before and after the amendment in "examples/amendments/armenia"
      Then exactly these decisions change:
        | partner | kind of information          | before   | after    |
        | Armenia | operational information      | no basis | no basis |
        | Armenia | evidence                     | no basis | no basis |
        | Armenia | operational personal data    | no basis | no basis |
        | Armenia | administrative personal data | no basis | no basis |
        | Armenia | strategic information        | allowed  | allowed  |
        | Armenia | best practices               | allowed  | allowed  |
        | Armenia | information on legal systems | allowed  | allowed  |
      And each change cites the public source of Armenia's international agreement between the Union and the country

    @AGR-1 @WA-2 @layer-source
    Scenario: Before Armenia's signature, the Armenia amendment changes no decision
      Given the partners the source names
      When Eurojust compares on 2024-04-04 what it may share before and after the amendment in "examples/amendments/armenia"
      Then no decision changes

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

    @AGR-1 @AGR-2 @REG-82 @layer-source
    Scenario: On 2019-12-12 the Regulation applies, and Switzerland's agreement becomes a basis
      Given the partners the source names
      When Eurojust compares what it may share on 2019-12-11 with what it may share on 2019-12-12
      Then Switzerland's operational personal data goes from no basis to allowed
