Feature: Adequacy decisions
  The Commission may decide that a country ensures an adequate level of protection of personal data. Such a
  decision is a standing basis of its own, dated like any instrument, with its extensions and its end. A
  decision under the Law Enforcement Directive (Directive (EU) 2016/680, Article 36) is a basis for
  operational personal data (Article 56(2)(a) of the Regulation, with Article 57); the United Kingdom's is
  the only one. Administrative personal data, such as officials' contact details, follow Regulation (EU)
  2018/1725, whose Article 47 lets them go on an adequacy decision under that directive or under the
  General Data Protection Regulation (or its predecessor's decisions, kept in force), within the decision's
  scope: a decision that covers only commercial organisations, or leaves out criminal investigation, does
  not cover the public authorities Eurojust transfers to, and is no basis here. A decision names every basis
  that holds.

  Rule: ADEQUACY-OPERATIONAL - An adequacy decision for law enforcement permits operational information

    @REG-56-2-A @REG-57 @LED-36 @REG-56-1 @layer-rules
    Scenario: With an adequacy decision for law enforcement alone, operational personal data rest on Article 56(2)(a)
      Given a partner "Examplestan" with an adequacy decision for law enforcement
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is allowed, provided that the conditions NECESSARY, COMPETENT-RECIPIENT, MEMBER-STATE-AUTHORISATION and ONWARD-TRANSFER are met
      And it rests on Article 56(2)(a) of the Regulation
      And its basis is the adequacy decision for law enforcement
      And the decision rests on the rule ADEQUACY-OPERATIONAL
      And the decision cites the statements REG-56-2-A, REG-57 and LED-36

    @AGR-2 @REG-56-2-A @REG-56-2-C @REG-57 @LED-36 @layer-source
    Scenario: On 2022-01-01 the United Kingdom's operational personal data rest on two bases, each sufficient
      Given "United Kingdom", a partner the source names
      When Eurojust asks on 2022-01-01 whether it may share operational personal data with it
      Then the exchange is allowed
      And its bases, each sufficient, are REG-56-2-C and REG-56-2-A
      And its basis is the international agreement between the Union and the country
      And its basis is the adequacy decision for law enforcement
      And the decision rests on the rules UNION-AGREEMENT-OPERATIONAL and ADEQUACY-OPERATIONAL

    @AGR-2 @REG-56-2-C @layer-source
    Scenario: On 2021-03-01 the United Kingdom's evidence rests on the Trade and Cooperation Agreement, applied provisionally
      Given "United Kingdom", a partner the source names
      When Eurojust asks on 2021-03-01 whether it may share evidence with it
      Then the exchange is allowed
      And it rests on Article 56(2)(c) of the Regulation, through its Union agreement only
      And the decision says its international agreement between the Union and the country is applied provisionally, not yet in force

    @AGR-2 @REG-56-2-C @layer-source
    Scenario: From 2021-05-01 the Trade and Cooperation Agreement is in force, no longer applied provisionally
      Given "United Kingdom", a partner the source names
      When Eurojust asks on 2021-05-01 whether it may share evidence with it
      Then the exchange is allowed
      And the decision says its international agreement between the Union and the country is in force, no longer provisionally

    @REG-56-2-A @REG-57 @LED-36 @layer-source
    Scenario Outline: The United Kingdom's adequacy decision for law enforcement, extended and renewed, on <day>
      Adopted on 2021-06-28 until 2025-06-27, extended to 2025-12-27 and renewed to 2031-12-27.

      Given "<partner>", a partner the knowledge names
      When Eurojust asks on <day> whether it may share operational personal data with it
      Then the decision says its adequacy decision for law enforcement is <state>

      Examples: every partner with an adequacy decision for law enforcement
        | partner        | day        | state              |
        | United Kingdom | 2021-06-27 | not yet in force   |
        | United Kingdom | 2021-06-28 | in force           |
        | United Kingdom | 2025-06-28 | in force           |
        | United Kingdom | 2025-12-28 | in force           |
        | United Kingdom | 2031-12-27 | in force           |
        | United Kingdom | 2031-12-28 | no longer in force |

  Rule: ADEQUACY-ADMINISTRATIVE - An adequacy decision that covers public authorities permits administrative personal data

    @REG-26 @EUDPR-47 @GDPR-45 @layer-source
    Scenario: Switzerland's administrative personal data may go on its adequacy decision, under Regulation 2018/1725
      Given "Switzerland", a partner the source names
      When Eurojust asks on 2024-09-30 whether it may share administrative personal data with it
      Then the exchange is allowed, provided that the conditions CONTROLLER-TASKS are met
      And it rests on Article 47(1) of Regulation (EU) 2018/1725, through its adequacy decision covering public authorities only
      And its basis is the adequacy decision covering public authorities
      And the decision rests on the rule ADEQUACY-ADMINISTRATIVE
      And the decision cites the statements REG-26, EUDPR-47 and GDPR-45

    @REG-26 @EUDPR-47 @GDPR-45 @layer-source
    Scenario Outline: <partner>'s administrative personal data may go on its adequacy decision, on 2026-06-01
      Given "<partner>", a partner the knowledge names
      When Eurojust asks on 2026-06-01 whether it may share administrative personal data with it
      Then the exchange is allowed
      And it rests on Article 47(1) of Regulation (EU) 2018/1725
      And its basis is the adequacy decision covering public authorities

      Examples: every partner with an adequacy decision covering public authorities
        | partner                      |
        | Andorra                      |
        | Argentina                    |
        | European Patent Organisation |
        | Faroe Islands                |
        | Guernsey                     |
        | Isle of Man                  |
        | Jersey                       |
        | New Zealand                  |
        | Republic of Korea            |
        | Switzerland                  |
        | United Kingdom               |
        | Uruguay                      |

    @REG-26 @EUDPR-47 @LED-36 @layer-source
    Scenario: On 2022-01-01 the United Kingdom's administrative personal data rest on both its adequacy decisions
      Given "United Kingdom", a partner the source names
      When Eurojust asks on 2022-01-01 whether it may share administrative personal data with it
      Then the exchange is allowed
      And it rests on Article 47(1) of Regulation (EU) 2018/1725
      And its basis is the adequacy decision for law enforcement
      And its basis is the adequacy decision covering public authorities

    @GDPR-45 @REG-56-2-A @REG-58 @REG-59 @layer-rules
    Scenario: An adequacy decision outside law enforcement is no basis for operational personal data
      Given a partner "Examplestan" with an adequacy decision covering public authorities
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the routes that remain, case by case, are ROUTE-SAFEGUARDS and ROUTE-DEROGATIONS

  Rule: LIMITED-ADEQUACY-NO-BASIS - An adequacy decision whose scope leaves out Eurojust's recipients is no basis for a transfer to them

    @GDPR-45 @EUDPR-47 @REG-26 @layer-source
    Scenario Outline: <partner>'s adequacy decision does not cover the authorities Eurojust transfers to: no basis on 2026-06-01
      Given "<partner>", a partner the knowledge names
      When Eurojust asks on 2026-06-01 whether it may share administrative personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision rests on the rule LIMITED-ADEQUACY-NO-BASIS
      And the routes that remain, case by case, are ROUTE-ADMINISTRATIVE

      Examples: every partner with an adequacy decision whose scope leaves out Eurojust's recipients
        | partner       |
        | Brazil        |
        | Canada        |
        | Israel        |
        | Japan         |
        | United States |

    @GDPR-45 @REG-57 @layer-rules
    Scenario: A limited adequacy decision is no basis for operational personal data, and the decision says so
      Given a partner "Examplestan" with an adequacy decision whose scope leaves out Eurojust's recipients
      When Eurojust asks whether it may share operational personal data with it
      Then the exchange is not allowed, for lack of a basis
      And the decision rests on the rule LIMITED-ADEQUACY-NO-BASIS
      And the explanation says "does not cover the public authorities Eurojust transfers to"
