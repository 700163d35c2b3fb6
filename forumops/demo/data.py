"""Demo data for ForumOps, written from the five forum accounts in shared/seeds.

Plain Python literals only: the app never reads ../shared at run time, so the
facts of the seed forums live here. Long texts are Markdown.
"""
from __future__ import annotations

from typing import Any

DEMO_PASSWORD = "forumops-demo"

# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------
# Types: "cso", "ngo", "coop_social_enterprise", "national_government",
# "local_government", "intergovernmental", "private_sector", "academia",
# "donor", "media", "other". Countries are ISO 3166-1 alpha-2 codes.

ORGANISATIONS: list[dict[str, Any]] = [
    # --- Named in the seed accounts -------------------------------------
    {"name": "ASEAN Foundation", "acronym": None, "type": "donor", "country": "ID"},
    {"name": "ASEAN Secretariat", "acronym": None, "type": "intergovernmental", "country": "ID"},
    {"name": "Committee of Permanent Representatives to ASEAN", "acronym": "ASEAN CPR", "type": "intergovernmental", "country": "ID"},
    {"name": "ASEAN CSR Network", "acronym": "ACN", "type": "ngo", "country": "SG"},
    {"name": "S Rajaratnam Endowment", "acronym": None, "type": "donor", "country": "SG"},
    {"name": "Women Business Council of Brunei Darussalam", "acronym": "WBC", "type": "cso", "country": "BN"},
    {"name": "Cambodia Women Entrepreneur Association", "acronym": "CWEA", "type": "cso", "country": "KH"},
    {"name": "Fair Trade Laos Association", "acronym": "FTLA", "type": "coop_social_enterprise", "country": "LA"},
    {"name": "Vietnam Women's Union", "acronym": "VWU", "type": "cso", "country": "VN"},
    {"name": "Philippine Young Entrepreneurs Association", "acronym": "PYEA", "type": "cso", "country": "PH"},
    {"name": "Asian Solidarity Economy Council", "acronym": "ASEC", "type": "ngo", "country": "PH"},
    {"name": "Global Movement of Moderates", "acronym": "GMM", "type": "ngo", "country": "MY"},
    {"name": "International Labour Organization", "acronym": "ILO", "type": "intergovernmental", "country": "CH"},
    {"name": "Asian Strategy & Leadership Institute", "acronym": "ASLI", "type": "academia", "country": "MY"},
    {"name": "Bina Swadaya Foundation", "acronym": None, "type": "ngo", "country": "ID"},
    {"name": "Sinergi Indonesia", "acronym": None, "type": "ngo", "country": "ID"},
    {"name": "Institute of Ethnic Studies, Universiti Kebangsaan Malaysia", "acronym": "KITA-UKM", "type": "academia", "country": "MY"},
    {"name": "Alalay Sa Kaunlaran Inc.", "acronym": "ASKI", "type": "ngo", "country": "PH"},
    {"name": "Pacific Asia Resource Center", "acronym": "PARC", "type": "ngo", "country": "JP"},
    {"name": "Institute of Strategic and International Studies Malaysia", "acronym": "ISIS Malaysia", "type": "academia", "country": "MY"},
    {"name": "Cambodian Center for Study and Development in Agriculture", "acronym": "CEDAC", "type": "ngo", "country": "KH"},
    {"name": "Asian Development Bank", "acronym": "ADB", "type": "intergovernmental", "country": "PH"},
    {"name": "UN Inter-Agency Task Force on Social and Solidarity Economy", "acronym": "UNTFSSE", "type": "intergovernmental", "country": "CH"},
    {"name": "Social and Solidarity Economy Chamber of Geneva", "acronym": None, "type": "cso", "country": "CH"},
    {"name": "United Cities and Local Governments Asia-Pacific", "acronym": "UCLG ASPAC", "type": "local_government", "country": "ID"},
    {"name": "Oxfam", "acronym": "OXFAM", "type": "ngo", "country": "GB"},
    {"name": "Federation of Canadian Municipalities", "acronym": "FCM", "type": "local_government", "country": "CA"},
    {"name": "Rockefeller Foundation", "acronym": None, "type": "donor", "country": "US"},
    {"name": "Partnership for Democratic Local Governance in Southeast Asia", "acronym": "DELGOSEA", "type": "other", "country": "PH"},
    {"name": "Association of Cities of Vietnam", "acronym": "ACVN", "type": "local_government", "country": "VN"},
    {"name": "ACSC/APF 2020 National Organising Committee of Vietnam", "acronym": "NOC Vietnam", "type": "cso", "country": "VN"},
    {"name": "Mekong Institute", "acronym": "MI", "type": "intergovernmental", "country": "TH"},
    {"name": "Japan-ASEAN Integration Fund", "acronym": "JAIF", "type": "donor", "country": "ID"},

    # --- Plausible civil-society organisations (demo only) ---------------
    # Women's empowerment, rural development and MSMEs, all ten ASEAN
    # member states and Timor-Leste.
    # Brunei Darussalam
    {"name": "Brunei Rural Craft Producers Network", "acronym": None, "type": "coop_social_enterprise", "country": "BN"},
    {"name": "Temburong Community Development Association", "acronym": "TCDA", "type": "cso", "country": "BN"},
    # Cambodia
    {"name": "Khmer Women Weavers Cooperative", "acronym": None, "type": "coop_social_enterprise", "country": "KH"},
    {"name": "Battambang Rural Livelihoods Network", "acronym": "BRLN", "type": "ngo", "country": "KH"},
    {"name": "Kampot Smallholder Farmers Association", "acronym": None, "type": "cso", "country": "KH"},
    # Indonesia
    {"name": "Yogyakarta Women Artisans Cooperative", "acronym": None, "type": "coop_social_enterprise", "country": "ID"},
    {"name": "East Nusa Tenggara Village Enterprise Forum", "acronym": "FORBUMDES NTT", "type": "cso", "country": "ID"},
    {"name": "Sulawesi Fisherfolk Solidarity Association", "acronym": None, "type": "cso", "country": "ID"},
    # Lao PDR
    {"name": "Luang Prabang Handicraft Producers Group", "acronym": None, "type": "coop_social_enterprise", "country": "LA"},
    {"name": "Lao Rural Women's Development Association", "acronym": "LRWDA", "type": "ngo", "country": "LA"},
    {"name": "Savannakhet Small Business Network", "acronym": None, "type": "cso", "country": "LA"},
    # Malaysia
    {"name": "Sabah Rural Women Entrepreneurs Network", "acronym": "SRWEN", "type": "cso", "country": "MY"},
    {"name": "Malaysian Social Enterprise Alliance", "acronym": None, "type": "coop_social_enterprise", "country": "MY"},
    {"name": "Orang Asli Community Livelihoods Trust", "acronym": None, "type": "ngo", "country": "MY"},
    # Myanmar
    {"name": "Shan State Women Entrepreneurs Network", "acronym": None, "type": "cso", "country": "MM"},
    {"name": "Ayeyarwady Delta Farmers Cooperative", "acronym": None, "type": "coop_social_enterprise", "country": "MM"},
    {"name": "Mandalay Microenterprise Support Group", "acronym": "MMSG", "type": "ngo", "country": "MM"},
    # Philippines
    {"name": "Mindanao Women in Enterprise Network", "acronym": "MinWEN", "type": "cso", "country": "PH"},
    {"name": "Visayas Federation of Rural Cooperatives", "acronym": None, "type": "coop_social_enterprise", "country": "PH"},
    {"name": "Cordillera Indigenous Weavers Association", "acronym": None, "type": "cso", "country": "PH"},
    # Singapore
    {"name": "Women in Small Business Singapore", "acronym": None, "type": "cso", "country": "SG"},
    {"name": "Lion City Social Enterprise Collective", "acronym": None, "type": "coop_social_enterprise", "country": "SG"},
    # Thailand
    {"name": "Isan Women Farmers Network", "acronym": None, "type": "cso", "country": "TH"},
    {"name": "Chiang Mai Community Enterprise Network", "acronym": "CMCEN", "type": "coop_social_enterprise", "country": "TH"},
    {"name": "Andaman Coast Fisherfolk Federation", "acronym": None, "type": "cso", "country": "TH"},
    # Viet Nam
    {"name": "Mekong Delta Women's Savings Groups Network", "acronym": None, "type": "cso", "country": "VN"},
    {"name": "Hoa Binh Centre for Rural Development", "acronym": "HCRD", "type": "ngo", "country": "VN"},
    {"name": "Da Nang Craft Villages Cooperative Alliance", "acronym": None, "type": "coop_social_enterprise", "country": "VN"},
    # Timor-Leste
    {"name": "Timor-Leste Women's Enterprise Network", "acronym": "TLWEN", "type": "cso", "country": "TL"},
    {"name": "Baucau Coffee Farmers Cooperative", "acronym": None, "type": "coop_social_enterprise", "country": "TL"},
    {"name": "Dili Rural Livelihoods Foundation", "acronym": None, "type": "ngo", "country": "TL"},
    # Other stakeholders
    {"name": "Asia Inclusive Business Partners", "acronym": None, "type": "private_sector", "country": "SG"},
    {"name": "Mekong Development Reporters Network", "acronym": None, "type": "media", "country": "TH"},
]


# ---------------------------------------------------------------------------
# Structured programme of the Kuala Lumpur solidarity-economy forum
# (25 April 2015), as printed in the seed account.
# ---------------------------------------------------------------------------

KL_PROGRAMME: list[dict[str, Any]] = [
    {
        "start": "08:00", "end": "09:00",
        "title": "Registration/Coffee",
        "type": "registration",
        "people": [],
    },
    {
        "start": "09:00", "end": "09:30",
        "title": "Opening Session",
        "type": "opening_session",
        "people": [
            {"name": "Datuk Saifuddin Abdullah", "title": "CEO of GMM",
             "organisation": "Global Movement of Moderates", "role": "speaker"},
            {"name": "Ms Elaine Tan", "title": None,
             "organisation": "ASEAN Foundation", "role": "speaker"},
            {"name": "Dato Hasnudin Hamzah", "title": "Chairman of ASEAN CPR",
             "organisation": "Committee of Permanent Representatives to ASEAN", "role": "speaker"},
        ],
    },
    {
        "start": "09:30", "end": "11:00",
        "title": "Panel: Solidarity-based Community Enterprises for ASEAN: Opportunities, possibilities & challenges",
        "type": "panel",
        "people": [
            {"name": "Dr Benjamin Quiñones, Jr.", "title": "ASEC Chair",
             "organisation": "Asian Solidarity Economy Council", "role": "panellist"},
            {"name": "Pak Bambang Ismawan", "title": "ASEC Indonesia",
             "organisation": "Asian Solidarity Economy Council", "role": "panellist"},
            {"name": "Mr. Roberto di Meglio or Jurgen Schwettmann", "title": "ILO Representative",
             "organisation": "International Labour Organization", "role": "panellist"},
            {"name": "Datuk Dr Denison Jayasooria", "title": "ASEC Deputy Chair",
             "organisation": "Asian Solidarity Economy Council", "role": "moderator"},
        ],
    },
    {
        "start": "11:00", "end": "12:00",
        "title": "Open forum",
        "type": "open_forum",
        "people": [],
    },
    {
        "start": "12:00", "end": "12:10",
        "title": "Group photo",
        "type": "group_photo",
        "people": [],
    },
    {
        "start": "12:00", "end": "13:00",
        "title": "Lunch",
        "type": "meal",
        "people": [],
    },
    {
        "start": "13:00", "end": "14:30",
        "title": "Case Study presentations",
        "type": "case_study_presentations",
        "people": [
            {"name": "Mr. Rolly Victoria", "title": None,
             "organisation": "Alalay Sa Kaunlaran Inc.", "role": "speaker"},
            {"name": "Mr. Shigeru Tanaka", "title": "Deputy Secretary General",
             "organisation": "Pacific Asia Resource Center", "role": "speaker"},
            {"name": "Dr Jun E Tan", "title": None,
             "organisation": "Institute of Strategic and International Studies Malaysia", "role": "speaker"},
        ],
    },
    {
        "start": "14:30", "end": "15:00",
        "title": "Open forum",
        "type": "open_forum",
        "people": [],
    },
    {
        "start": "15:00", "end": "15:15",
        "title": "Coffee/tea break",
        "type": "break",
        "people": [],
    },
    {
        "start": "15:15", "end": "16:00",
        "title": (
            "Proposal for ASEAN Community cooperation for the development of value chains "
            "of solidarity-based community enterprises, as a South-south & triangular "
            "cooperation of ASEC, ASEAN, GMM, and ILO in line with the Sustainable "
            "Development Goals agenda"
        ),
        "type": "panel",
        "people": [],
    },
    {
        "start": "16:00", "end": "17:00",
        "title": "Discussion/adoption of the proposal",
        "type": "discussion_and_adoption",
        "people": [],
    },
    {
        "start": "17:00", "end": "17:30",
        "title": "Closing session: Setting the agenda for 2015 and beyond for SSE in ASEAN",
        "type": "closing_session",
        "people": [],
    },
]


# ---------------------------------------------------------------------------
# Forums
# ---------------------------------------------------------------------------

_ACF_SERIES = "ASEAN Foundation civil society engagement"

FORUMS: list[dict[str, Any]] = [
    # 1 ---------------------------------------------------------------------
    {
        "slug": "asean-community-forum-2017",
        "title": "S Rajaratnam Endowment - ASEAN Community Forum 2017",
        "series": _ACF_SERIES,
        "edition": 1,
        "start": "2017-03-09",
        "end": "2017-03-10",
        "timezone": "Asia/Singapore",
        "mode": "in_person",
        "venue_name": "Forum venue, Singapore",
        "venue_address": "Singapore",
        "city": "Singapore",
        "country": "SG",
        "online_link": None,
        "status": "concluded",
        "background": """The ASEAN Foundation is launching its first large-scale initiative for civil society engagement, with the support of the S Rajaratnam Endowment and with the ASEAN CSR Network (ACN) assisting as facilitator.

ASEAN's integration is meant to be people-oriented and people-centred. The ASEAN 2025 Blueprints, and for small business the ASEAN Strategic Action Plan for SME Development (2016-2025), set goals that many civil society organisations (CSOs) across the region already pursue in their own programmes. Yet CSOs, ASEAN bodies, corporates and policy makers seldom meet to compare what they do.

The forum brings together close to 50 CSOs from the ASEAN member states working in three key sectors: women empowerment, rural development, and micro, small and medium enterprise (MSME) development.""",
        "rationale": """People-to-people engagement is the foundation of an ASEAN Community that works for its citizens. CSOs run effective programmes for women, rural communities and small enterprises, but they are rarely in the room when regional priorities are set, and they do not always know which ASEAN resources are open to them.

A forum organised by sector lets CSOs that face the same problems in different countries compare practice, and lets them build alliances with corporates and policy makers around concrete solutions for economic dynamism and resilience in ASEAN's integration. Reporting the results directly to the ASEAN Foundation and the ASEAN Secretariat closes the loop between what civil society does and what ASEAN plans.""",
        "objectives": [
            "Forge people-to-people engagement among civil society organisations across ASEAN working in women empowerment, rural development and MSME development.",
            "Explore alliance building and collaboration with corporates and policy makers to find solutions for economic dynamism and resilience in ASEAN's integration.",
            "Present the key findings and recommendations of each sector to the ASEAN Foundation and the ASEAN Secretariat.",
        ],
        "expected_outputs": """- A short report from each of the three clusters: current programmes, findings, challenges and recommendations.
- A picture of how CSO programmes line up with the ASEAN 2025 Blueprints and the Strategic Action Plan for SME Development (2016-2025).
- Recommendations presented to the ASEAN Foundation and members of the ASEAN Secretariat at the close of the forum.
- A network of CSOs ready for the next engagements in the series.

### Outcome (recorded after the forum)

- CSOs in ASEAN were already embarking on a wide range of effective programmes in line with ASEAN's 2025 Blueprints; many goals of the Strategic Action Plan for SME Development were already being pursued by CSOs.
- CSOs were not tapping into resources provided by ASEAN, such as the free online courses of the SME Academy; better communication between CSOs and ASEAN bodies would help.
- To support MSME development, the CSOs recommended focusing on two areas: improving market access, and advocating for more business-friendly government regulations.""",
        "target_participants": """Close to 50 civil society organisations from the ASEAN member states, in three clusters of about 15 organisations each, working in:

- women empowerment,
- rural development,
- micro, small and medium enterprise (MSME) development.

Observers from the ASEAN Foundation and the ASEAN Secretariat join the plenary sessions.""",
        "themes": [
            "Women empowerment",
            "Rural development",
            "MSME development",
        ],
        "programme_outline": """**Day 1 - Thursday 9 March 2017**

08.30-09.00 Registration

09.00-10.00 Plenary opening

- Welcome by the ASEAN Foundation
- Remarks on behalf of the S Rajaratnam Endowment
- Introduction to the three clusters and the way of working

10.00-10.30 Coffee break

10.30-12.30 Parallel cluster breakouts (1): what our organisations do

- Women empowerment cluster
- Rural development cluster
- MSME development cluster (facilitated by ASEAN CSR Network)

12.30-13.30 Lunch

13.30-15.30 Parallel cluster breakouts (2): alignment with the ASEAN 2025 Blueprints, gaps and challenges

15.30-16.00 Coffee break

16.00-17.30 Parallel cluster breakouts (3): solutions with corporates and policy makers; drafting findings and recommendations

**Day 2 - Friday 10 March 2017**

09.00-10.30 Clusters finalise their findings and recommendations

10.30-10.45 Group photo and coffee

10.45-12.15 Plenary: report back of the three clusters to the ASEAN Foundation and members of the ASEAN Secretariat

12.15-12.30 Closing and next steps in the series

12.30 Lunch and departure""",
        "partners": [
            ("ASEAN Foundation", "organiser"),
            ("S Rajaratnam Endowment", "funder"),
            ("ASEAN CSR Network", "partner"),
            ("ASEAN Secretariat", "partner"),
        ],
        "clusters": [
            {"name": "Women empowerment",
             "description": "CSOs working on women's economic empowerment, leadership and rights across ASEAN."},
            {"name": "Rural development",
             "description": "CSOs working with farmers, fisherfolk and rural communities on livelihoods and resilience."},
            {"name": "MSME development",
             "description": "About 10 CSOs supporting micro, small and medium enterprises, facilitated by the ASEAN CSR Network; among them the Women Business Council of Brunei Darussalam, the Cambodia Women Entrepreneur Association, Fair Trade Laos Association, Vietnam Women's Union and the Philippine Young Entrepreneurs Association."},
        ],
    },

    # 2 ---------------------------------------------------------------------
    {
        "slug": "solidarity-economy-forum-kl-2015",
        "title": "Solidarity-based Community Enterprises for ASEAN: Forum on Social and Solidarity Economy",
        "series": None,
        "edition": None,
        "start": "2015-04-25",
        "end": "2015-04-25",
        "timezone": "Asia/Kuala_Lumpur",
        "mode": "in_person",
        "venue_name": "Conference Room, GMM 15th Floor, Menara Manulife",
        "venue_address": "No. 6, Jalan Gelenggang, Damansara Heights, Kuala Lumpur, Malaysia",
        "city": "Kuala Lumpur",
        "country": "MY",
        "online_link": None,
        "status": "concluded",
        "background": """The forum proposes an ASEAN South-South and triangular cooperation (SSTC) project on social and solidarity economy: an iterative, goal-oriented learning programme with five components. The target beneficiaries are leaders and officers of solidarity-based community enterprises from CLMV (Cambodia, Laos, Myanmar and Vietnam). Experts will come from Malaysia, the Philippines and Indonesia.

**1. Participatory documentation workshops.** There is a need to document emerging practical knowledge and experiences of South-South and triangular cooperation in value chains of solidarity-based community enterprises that could be scaled up. A more systematic method of documenting good practices would (i) identify and describe the cooperation elements, as established by the ILO; (ii) look at both the technology or approach implemented (e.g. the system of rice intensification of CEDAC in Cambodia, community-supported agriculture, value chain financing of small industries in the Philippines); (iii) clarify how these approaches and technologies have been shared across borders and within each country; and (iv) translate the documentation into separate articles and manuals.

**2. Peer-to-peer learning (share stories).** The materials produced in the first component can be used for peer-to-peer learning within each country: in roundtable discussions, meetings, conferences and workshops that share stories of good practice in social and solidarity economy.

**3. ASEAN learning (exchange visits: to see is believing).** Parallel with ASEAN's growth areas (IMT-GT, BIMP-EAGA and CLMV) as a means of regional integration, the programme could promote social and solidarity economy as a component of ASEAN's people-oriented regional integration and people-to-people connectivity. Experts from within these economic communities can help design ASEAN cooperation programmes and set up learning and sharing opportunities; resource persons from Malaysia, the Philippines and Indonesia could support the CLMV countries. The programme may incorporate the planned Global Social and Solidarity Finance Summit in 2016, which could be held together with the ILO Social and Solidarity Economy Academy in 2016. The Asian Development Bank has expressed interest in hosting the Summit, and the UN Task Force on Social and Solidarity Economy has committed to calendar it among its activities.

**4. Adaptation and replication of good practices.** The programme shall provide means for testing and refining good practices that could be adapted and replicated in other countries. Following Sahakian and Dunand (2013), an exchange could let the solidarity economy movement in the Philippines and in ASEAN learn from the guiding principles of the Social and Solidarity Economy Chamber in Geneva, while Geneva learns from the conceptual approach of the Philippines, and build links between social and solidarity economy and sustainable consumption and production (SCP) networks.

**5. Institutional capacity building.** Partner organisations that co-generate a good practice need to be strengthened to perfect it and to become proficient in the programme's iterative, goal-oriented learning approach. This ensures the programme's sustainability, attracts internally generated support, and helps mainstream it into the larger ASEAN regional integration initiatives.""",
        "rationale": """Solidarity economy, social business, social enterprise and social entrepreneurship are proven vehicles for community empowerment and for addressing poverty and inequality in the ASEAN member states. As the world moves from the Millennium Development Goals to the Sustainable Development Goals, social and solidarity economy needs a recognised place in the action plan, and ASEAN member countries, civil society, academic institutions and the private sector need a shared road map for cooperation.""",
        "objectives": [
            "To promote the concept of solidarity economy, social business, social enterprise and social entrepreneurship as a vehicle for community empowerment and in addressing poverty and inequality in ASEAN member states.",
            "To draw policy implications in identifying the place of social solidarity economy in the action plan for the Sustainable Development Goals as a post-MDG initiative.",
            "To discuss the possibilities of charting a cooperation road map among ASEAN member countries, civil society, academic institutions and the private sector.",
        ],
        "expected_outputs": """- A proposal for ASEAN Community cooperation for the development of value chains of solidarity-based community enterprises, as South-South and triangular cooperation of ASEC, ASEAN, GMM and the ILO in line with the Sustainable Development Goals, discussed and adopted by the forum.
- An agenda for 2015 and beyond for social and solidarity economy in ASEAN, including the ILO SSE Academy 2016 in Asia and the International Conference on Social & Solidarity Finance 2016, also in Asia.
- The launch of the ASEAN Solidarity Economy Council.""",
        "target_participants": """About 50 people from ASEAN member countries: leaders of solidarity-based community enterprises, civil society, academic institutions, the private sector and ASEAN bodies, including resource persons from ASEC.""",
        "themes": [
            "Social and solidarity economy",
            "Social enterprise and social entrepreneurship",
            "Solidarity-based community enterprises and value chains",
            "South-South and triangular cooperation",
            "Sustainable Development Goals",
        ],
        "programme_outline": """08.00-09.00 Registration/Coffee

09.00-09.30 Opening Session

- Welcome remarks by Datuk Saifuddin Abdullah, CEO of GMM
- Brief Speech by Ms Elaine Tan (ASEAN Foundation)
- Address by the Chairman of ASEAN CPR, Dato Hasnudin Hamzah

09.30-11.00 Panel: Solidarity-based Community Enterprises for ASEAN: Opportunities, possibilities & challenges

- Dr Benjamin Quiñones, Jr. (ASEC Chair)
- Pak Bambang Ismawan (ASEC Indonesia)
- ILO Representative (Mr. Roberto di Meglio or Jurgen Schwettmann)
- Panel Moderator: Datuk Dr Denison Jayasooria (ASEC Deputy Chair)

11.00-12.00 Open forum

12.00 Group photo

12.00-13.00 Lunch

13.00-14.30 Case Study presentations by:

1. Mr. Rolly Victoria, Alalay Sa Kaunlaran Inc. (ASKI) Philippines (Mainstreaming financial inclusion thru scale up of microfinance);
2. Mr. Shigeru Tanaka, Deputy Secretary General, PARC, Japan (Inter-people cooperation in building solidarity in conflict-affected territories);
3. Dr Jun E Tan, ISIS, Malaysia (Community Economy in Malaysia addressing poverty and low income (Social entrepreneurship, Social enterprise, solidarity economy))

14.30-15.00 Open forum

15.00-15.15 Coffee/tea break

15.15-16.00 Proposal for ASEAN Community cooperation for the development of value chains of solidarity-based community enterprises, as a South-south & triangular cooperation of ASEC, ASEAN, GMM, and ILO in line with the Sustainable Development Goals agenda. (Included in the proposal is the ILO SSE Academy 2016 in Asia and the International Conference on Social & Solidarity Finance 2016 also in Asia)

- Panel & Discussion.

16.00-17.00 Discussion/adoption of the proposal

17.00-17.30 Closing session: Setting the agenda for 2015 and beyond for SSE in ASEAN

- Launch of ASEAN Solidarity Economy Council""",
        "partners": [
            ("Asian Solidarity Economy Council", "organiser"),
            ("Global Movement of Moderates", "organiser"),
            ("ASEAN Foundation", "co_organiser"),
            ("ASEAN Secretariat", "co_organiser"),
            ("International Labour Organization", "co_organiser"),
            ("Asian Strategy & Leadership Institute", "co_organiser"),
            ("Bina Swadaya Foundation", "co_organiser"),
            ("Sinergi Indonesia", "co_organiser"),
            ("Institute of Ethnic Studies, Universiti Kebangsaan Malaysia", "co_organiser"),
        ],
        "clusters": [],
    },

    # 3 ---------------------------------------------------------------------
    {
        "slug": "local-economic-development-training-hanoi-2014",
        "title": "Enhancing Inclusive LED and Good Local Governance in ASEAN Economic Community (AEC) 2015: Towards Inclusive Growth, SMEs Development, and Women's Economic Leadership",
        "series": "DELGOSEA",
        "edition": None,
        "start": "2014-12-09",
        "end": "2014-12-11",
        "timezone": "Asia/Ho_Chi_Minh",
        "mode": "in_person",
        "venue_name": "Workshop venue, Hanoi",
        "venue_address": "Hanoi, Vietnam",
        "city": "Hanoi",
        "country": "VN",
        "online_link": None,
        "status": "concluded",
        "background": """The ASEAN Economic Community (AEC) will open markets across borders from 2015. It brings opportunities and challenges for local governments, whose small and medium-sized enterprises (SMEs) will compete with firms from across the region.

Within the DELGOSEA framework, UCLG ASPAC, OXFAM, FCM and the Rockefeller Foundation are jointly organising a three-day training, "Enhancing Inclusive LED and Good Local Governance in ASEAN Economic Community (AEC) 2015: Towards Inclusive Growth, SMEs Development, and Women's Economic Leadership", in Hanoi, Vietnam.""",
        "rationale": """Local governments play a vital role in providing the conditions for inclusive economic growth, especially through policies that reach vulnerable groups. They can promote SME competitiveness, nurture social enterprises through an enabling legal and regulatory environment, help trade develop, and enable women's equal access to economic resources and power in markets. Few local governments in the region have yet had the chance to build these skills or to learn from each other's practice.""",
        "objectives": [
            "Develop the capacity of local governments to pursue inclusive local economic growth by promoting and enhancing SME competitiveness.",
            "Focus on enterprise development and women's economic leadership, including the links between gender equality and economic growth.",
            "Share DELGOSEA best practices and pilot cities, and the advantages of regional cooperation and knowledge exchange for local economic development.",
        ],
        "expected_outputs": """- Participants able to design a local government-led trade development initiative.
- Shared understanding of public policies that provide an enabling legal and regulatory environment for social enterprises.
- A working group on local economic development (LED) within UCLG ASPAC, to prepare a road map for the development of SMEs in the new AEC: vision and strategies, roles and responsibilities, and a checklist for monitoring and evaluation of SME development.""",
        "target_participants": """More than 70 participants from seven ASEAN countries, mainly from national and local government, and from civil society.""",
        "themes": [
            "Local economic development",
            "Good local governance",
            "SME development",
            "Social enterprise and impact investment",
            "Trade and cities",
            "Women's economic leadership",
        ],
        "programme_outline": """**Day 1 - Tuesday 9 December 2014**

- Strategies to promote small and medium-sized enterprises on the global and regional market
- Social enterprise and impact investment: public/private/social partnerships with small enterprises from across the region
- Public policies for an enabling legal and regulatory environment; how cities can promote a culture of social entrepreneurship

**Day 2 - Wednesday 10 December 2014**

- Trade basics and the role of cities and communities in helping trade develop
- Afternoon working groups: designing a local government-led trade development initiative

**Day 3 - Thursday 11 December 2014**

- Local economic development in the framework of local governance: DELGOSEA best practices and pilot cities as case studies
- Gender equality and economic growth: local governments and women's economic leadership
- Way forward: forming a working group on LED within UCLG ASPAC""",
        "partners": [
            ("United Cities and Local Governments Asia-Pacific", "organiser"),
            ("Oxfam", "organiser"),
            ("Federation of Canadian Municipalities", "organiser"),
            ("Rockefeller Foundation", "organiser"),
            ("Partnership for Democratic Local Governance in Southeast Asia", "partner"),
        ],
        "clusters": [],
    },

    # 4 ---------------------------------------------------------------------
    {
        "slug": "apf-2020-transformative-solidarity-economy",
        "title": "Convergence Space on Transformative & Solidarity Economy (CS-TSE): Online Plenary at ACSC/APF 2020",
        "series": "ASEAN Civil Society Conference / ASEAN People's Forum",
        "edition": None,
        "start": "2020-11-05",
        "end": "2020-11-07",
        "timezone": "Asia/Ho_Chi_Minh",
        "mode": "hybrid",
        "venue_name": "ACSC/APF 2020, Hanoi",
        "venue_address": "Hanoi, Vietnam",
        "city": "Hanoi",
        "country": "VN",
        "online_link": "https://meet.example.org/apf-2020-cs-tse",
        "status": "concluded",
        "background": """The neoliberal market economy remains the mainstream economy in Southeast Asia as it is in many parts of the world. It is geared towards maximising returns to finance capital at the expense of people and the environment, it systematically creates economic inequality and social injustice, and it cannot offer a solution to the debt, climate and health crises.

In July 2020, UN Secretary-General António Guterres called for a new social contract in his Nelson Mandela lecture, considering that the existing global socio-economic order no longer responds to the needs of the people, especially on social protection, health, education and global imbalances.

The advocacy of the Asian Solidarity Economy Council (ASEC) to build pathways to transformative and solidarity economy aligns with this call. Social solidarity economy is a major component of an alternative to the neoliberal market economy, and ASEC is part of a global effort to promote it. ASEC's partners have fleshed out three types of organised groups of people that make their own pathways to transformative and solidarity economy:

- self-organised groups of farmers, fisherfolk, workers in the informal economy, grassroots women, indigenous communities and other ordinary people;
- partnerships between a civil society organisation or NGO and groups of local people in one or more communities;
- partnerships between a shareholding company and a group of micro and small entrepreneurs.

Their common features are democratic, participatory, socially responsible and gender-responsive governance; edifying ethical values held by leaders, managers and members; and a triple bottom line social mission of People, Planet and Profit (towards Prosperity). These transformative models of people's and community-based organisations need further policy and structural support in ASEAN.

The ASEAN Civil Society Conference / ASEAN People's Forum (ACSC/APF) has been held every year since 2005; the 2019 host, Thailand, welcomed 1,040 people. The 2020 forum, hosted by Vietnam, takes place on 5-7 November 2020 with both online and face-to-face meetings in Hanoi, and ASEC organises the online plenary session of the Convergence Space on Transformative & Solidarity Economy.""",
        "rationale": """The engagement between the APF and ASEAN is a focus of this year's forum, to strengthen the voices of the people in building a people-centred ASEAN Community. A plenary of the convergence space lets the people's organisations, social enterprises and community-based organisations that practise solidarity economy bring their own recommendations to that engagement, prepared through more than two weeks of round tables and workshops.""",
        "objectives": [
            "Present transformative and solidarity economy as an alternative to the neoliberal market economy and as a response to the call for a new social contract.",
            "Make visible the three types of organised groups that build their own pathways to transformative and solidarity economy, and the policy and structural support they need in ASEAN.",
            "Adopt recommendations to the ASEAN Member States and the ASEAN People's Forum on food sovereignty, community resilience and social protection for workers in the informal economy.",
        ],
        "expected_outputs": """Three recommendations from the convergence space, prepared in pre-forum round tables:

1. The ASEAN Member States and the ASEAN People's Forum should recognise and support the innovations and alternative practices of vulnerable communities, informal workers, community supported agriculture, food sovereignty movements, community-based organisations and social enterprises that build resilient and sustainable communities, with special attention to agroecology and sustainable local food systems.
2. For a truly people-oriented ASEAN, a people-to-people, community-to-community ASEAN interface, with participatory mechanisms of the ASEAN Secretariat for engaging grassroots communities, and multi-stakeholder, solidarity-based partnerships; mainstreaming the framework on Transformational Partnerships and Women's Economic Empowerment for inclusive recovery and building back fairer.
3. Safety nets for the economy and universal health coverage, developed in consultation with the people, particularly for workers in the informal economy, in response to the debt, job and health crises.""",
        "target_participants": """ASEC's colleagues and partners across Asia, and participants of ACSC/APF 2020: people's organisations, community-based organisations, social enterprises, co-operatives, CSOs and NGOs, joining online or in Hanoi.""",
        "themes": [
            "Transformative and solidarity economy",
            "Food sovereignty",
            "Society resilience",
            "Social protection for workers in the informal sector",
            "Women's economic empowerment",
        ],
        "programme_outline": """**Before the forum (over two weeks)**

- Round table discussions and workshops on food sovereignty, society resilience, and social protection for workers in informal sectors

**ACSC/APF 2020, 5-7 November 2020 (online and in Hanoi)**

- Online plenary session of the Convergence Space on Transformative & Solidarity Economy
- Presentation of the three recommendations
- Summary report by Dr Benjamin Quiñones, Jr. (Philippines), Dr Eri Trinurin Adhi (Indonesia), Dr Denison Jayasooria (Malaysia) and Ms Linh Phuong Nguyen (Vietnam)""",
        "partners": [
            ("Asian Solidarity Economy Council", "organiser"),
            ("ACSC/APF 2020 National Organising Committee of Vietnam", "host"),
        ],
        "clusters": [
            {"name": "Food sovereignty",
             "description": "Round table on community supported agriculture, agroecology and sustainable local food systems."},
            {"name": "Society resilience",
             "description": "Round table on communities capable of withstanding a pandemic, climate disasters and other challenges."},
            {"name": "Social protection for workers in informal sectors",
             "description": "Round table on safety nets and universal health coverage for workers in the informal economy."},
        ],
    },

    # 5 ---------------------------------------------------------------------
    {
        "slug": "sec-synthesis-evaluation-workshop-2017",
        "title": "Joint Synthesis and Evaluation (S&E) Workshop on \u201cSME Cluster Development and Export Consortia Formation\u201d and \u201cBusiness Database Development in the Southern Economic Corridor (SEC)\u201d",
        "series": "Enhancing Competitiveness of SMEs in the Southern Economic Corridor (SEC) of ASEAN Mekong Subregion",
        "edition": None,
        "start": "2017-06-08",
        "end": "2017-06-09",
        "timezone": "Asia/Bangkok",
        "mode": "in_person",
        "venue_name": "Mekong Institute Residential Training Center",
        "venue_address": "Mekong Institute, 123 Khon Kaen University, Mittraphap Road, Muang District, Khon Kaen 40002, Thailand",
        "city": "Khon Kaen",
        "country": "TH",
        "online_link": None,
        "status": "concluded",
        "background": """The workshop is part of the project "Enhancing Competitiveness of Small and Medium-Sized Enterprises (SMEs) in the Southern Economic Corridor (SEC) of ASEAN Mekong Subregion (AMS)", funded by the Japan-ASEAN Integration Fund (JAIF) and carried out by the Mekong Institute (MI) under its Trade and Investment Facilitation work.

In 2016 the project ran two regional training programmes, on SME cluster development and export consortia formation, and on business database development. Participants left each training with an Action Plan (AP) and have been implementing it in their provinces since.""",
        "rationale": """After months of implementation, participants need a consolidated event to review, reflect and learn from each other: to report achievements, to name the challenges that remain, and to tell MI what further capacity building and technical assistance they need. MI in turn needs an evaluation of the training programmes and a monitoring and evaluation (M&E) of AP implementation to plan its continued support.""",
        "objectives": [
            "Provide a highly interactive platform for participants to review, reflect and learn from each other on their Action Plan implementation.",
            "Share progress, outputs and lessons learned from individual Action Plans and obtain feedback from co-participants.",
            "Evaluate the 2016 regional training programmes and monitor the progress of Action Plan implementation through group discussions.",
            "Identify challenges, implementation strategies, technical assistance and external resources needed for cluster and business database development.",
        ],
        "expected_outputs": """- Reports of achievements from each Action Plan (for example product certifications, new product package designs, purchase of production equipment, product brochures, collections of business profiles).
- A consolidated list of challenges and additional capacity building needs: product quality, farming and production technologies, value addition, production cost, finance and human resources, sales and marketing, export procedures, identification of regional and global markets, and profiling of business data.
- An evaluation of the training programmes and M&E of Action Plan progress.
- Suggestions and recommendations that MI will take into account in its continued assistance to SMEs in the SEC.""",
        "target_participants": """Twenty-nine representatives of SME product clusters, provincial trade and industry-related departments, and chambers of commerce and business associations from 19 project provinces in Cambodia, Myanmar, Thailand and Vietnam (CMTV), all alumni of the 2016 regional training programmes.""",
        "themes": [
            "SME cluster development",
            "Export consortia formation",
            "Business database development",
            "Trade and investment facilitation",
            "Southern Economic Corridor",
        ],
        "programme_outline": """**Day 1 - Thursday 8 June 2017**

- Opening and workshop objectives
- Presentations of Action Plan implementation: achievements, outputs and lessons learned
- Peer feedback from co-participants

**Day 2 - Friday 9 June 2017**

- Group discussions: challenges, implementation strategies, technical assistance and external resources needed
- Evaluation of the 2016 regional training programmes and M&E of Action Plan progress
- Capacity building needs and way forward
- Closing""",
        "partners": [
            ("Mekong Institute", "organiser"),
            ("Japan-ASEAN Integration Fund", "funder"),
        ],
        "clusters": [
            {"name": "SME Cluster Development and Export Consortia Formation",
             "description": "Representatives of SME product clusters reviewing Action Plans on cluster development and export consortia."},
            {"name": "Business Database Development",
             "description": "Provincial departments, chambers of commerce and business associations reviewing Action Plans on business databases and profiling."},
        ],
    },

    # 6 ---------------------------------------------------------------------
    {
        "slug": "asean-community-forum-2027",
        "title": "ASEAN Community Forum 2027: From Recommendations to Results",
        "series": _ACF_SERIES,
        "edition": 2,
        "start": "2027-04-14",
        "end": "2027-04-15",
        "timezone": "Asia/Jakarta",
        "mode": "hybrid",
        "venue_name": "ASEAN Secretariat",
        "venue_address": "Jl. Sisingamangaraja No. 70A, Kebayoran Baru, Jakarta 12110, Indonesia",
        "city": "Jakarta",
        "country": "ID",
        "online_link": "https://meet.example.org/asean-community-forum-2027",
        "status": "registration_open",
        "background": """In March 2017 the ASEAN Foundation held its first large-scale initiative for civil society engagement, the ASEAN Community Forum in Singapore. Close to 50 civil society organisations (CSOs) worked for a day and a half in three sectors (women empowerment, rural development, and micro, small and medium enterprise development) and presented their findings to the ASEAN Foundation and members of the ASEAN Secretariat.

Those findings were clear. CSOs were already pursuing many of the goals of the ASEAN 2025 Blueprints and of the Strategic Action Plan for SME Development (2016-2025); CSOs and ASEAN bodies were closely aligned. But CSOs were not using resources that ASEAN provides, such as the free online courses of the SME Academy, and communication between CSOs and ASEAN bodies needed to improve. For MSMEs, the CSOs asked for a focus on two areas: better market access, and more business-friendly government regulation.

Ten years on, and as ASEAN prepares its post-2025 agenda, this second edition brings the same three sectors back together to ask what has changed.""",
        "rationale": """Recommendations matter only if someone follows them up. The 2017 forum showed that CSOs and ASEAN share goals but rarely share information or resources. A second edition, held at the ASEAN Secretariat and open online for the plenary, lets CSOs report what they did with the 2017 recommendations, meet the ASEAN bodies and programmes that can support them, and agree a short list of actions each organisation will adopt and report on six months later.""",
        "objectives": [
            "Review progress since 2017 on the recommendations on market access, business-friendly regulation and communication between CSOs and ASEAN bodies.",
            "Connect CSOs with ASEAN resources they can use now, such as the ASEAN SME Academy, and with corporates and policy makers ready to work with them.",
            "Agree recommendations and organisational action plans in each of the three sectors, to be presented to the ASEAN Foundation and the ASEAN Secretariat and followed up after six months.",
        ],
        "expected_outputs": """- A report from each cluster: progress since 2017, findings, challenges and recommendations.
- Recommendations adopted by the plenary and published to the ASEAN Secretariat within a week of the forum.
- Action plans adopted by participating organisations, with a follow-up survey six months later.
- A short guide for CSOs to ASEAN resources for women's economic empowerment, rural development and MSMEs.""",
        "target_participants": """About 50 civil society organisations from the ten ASEAN member states and Timor-Leste working in women empowerment, rural development or MSME development, including organisations that took part in 2017.

Places: 60 in person in Jakarta; the plenary sessions are also open online without a cap.""",
        "themes": [
            "Women empowerment",
            "Rural development",
            "MSME development",
        ],
        "programme_outline": """**Day 1 - Wednesday 14 April 2027**

08.00-09.00 Registration/Coffee

09.00-10.00 Plenary opening (in person and online)

- Welcome by the ASEAN Foundation
- Remarks by the ASEAN Secretariat
- From 2017 to 2027: what the first forum recommended, by the ASEAN CSR Network

10.00-10.30 Coffee break

10.30-12.00 Panel: Market access and business-friendly regulation for MSMEs in ASEAN

12.00-12.15 Group photo

12.15-13.15 Lunch

13.15-15.15 Parallel cluster breakouts (1): progress since 2017 and what is blocking it

- Women empowerment cluster
- Rural development cluster
- MSME development cluster

15.15-15.30 Coffee break

15.30-17.00 Parallel cluster breakouts (2): using ASEAN resources (SME Academy and others); drafting recommendations and action plans

**Day 2 - Thursday 15 April 2027**

09.00-10.30 Clusters finalise recommendations and action plans

10.30-10.45 Coffee break

10.45-12.00 Plenary (in person and online): report back of the three clusters to the ASEAN Foundation and the ASEAN Secretariat; adoption of recommendations

12.00-12.30 Closing session: next steps and six-month follow-up

12.30 Lunch and departure""",
        "partners": [
            ("ASEAN Foundation", "organiser"),
            ("ASEAN CSR Network", "organiser"),
            ("ASEAN Secretariat", "host"),
        ],
        "clusters": [
            {"name": "Women empowerment",
             "description": "CSOs working on women's economic empowerment and leadership; follow-up of the 2017 findings."},
            {"name": "Rural development",
             "description": "CSOs working with farmers, fisherfolk and rural communities on livelihoods, food systems and resilience."},
            {"name": "MSME development",
             "description": "CSOs supporting micro, small and medium enterprises: market access, business-friendly regulation and ASEAN resources such as the SME Academy."},
        ],
    },

    # 7 ---------------------------------------------------------------------
    {
        "slug": "women-entrepreneurs-dialogue-2027",
        "title": "Women Entrepreneurs Dialogue 2027: Market Access for Women-led MSMEs",
        "series": None,
        "edition": None,
        "start": "2027-06-10",
        "end": "2027-06-10",
        "timezone": "Asia/Phnom_Penh",
        "mode": "in_person",
        "venue_name": "Venue to be confirmed",
        "venue_address": "Phnom Penh, Cambodia",
        "city": "Phnom Penh",
        "country": "KH",
        "online_link": None,
        "status": "draft",
        "background": """Women own and run a large share of micro and small enterprises in Cambodia, yet few of them sell beyond their local market. At regional forums, Cambodian and other ASEAN women entrepreneurs' associations have named the same two priorities: better market access, and more business-friendly regulation.""",
        "rationale": """A one-day national dialogue lets women entrepreneurs put these priorities directly to government, buyers and support programmes, and take home concrete next steps.""",
        "objectives": [
            "Share the experience of women-led MSMEs in reaching new domestic and regional markets.",
            "Identify regulations and procedures that hold women-led businesses back, and propose changes.",
            "Link women entrepreneurs with buyers, finance and training resources, including ASEAN programmes.",
        ],
        "expected_outputs": """- A short list of recommendations on market access and regulation.
- New contacts between women entrepreneurs, buyers and support programmes.""",
        "target_participants": """About 60 women entrepreneurs and members of women's business associations from across Cambodia, with invited guests from government, the private sector and partner organisations.""",
        "themes": [
            "Women's economic empowerment",
            "MSME development",
            "Market access",
        ],
        "programme_outline": "",
        "partners": [
            ("Cambodia Women Entrepreneur Association", "organiser"),
        ],
        "clusters": [],
    },
]


# ---------------------------------------------------------------------------
# Users (all demo logins share the password "forumops-demo")
# ---------------------------------------------------------------------------

USERS: list[dict[str, Any]] = [
    {
        "email": "admin@example.org",
        "name": "Site Administrator",
        "password": DEMO_PASSWORD,
        "is_admin": True,
        "roles": [],
    },
    {
        # Programme officer at a regional foundation (JOURNEYS.md: Mai).
        "email": "mai@example.org",
        "name": "Mai Anh Trần",
        "password": DEMO_PASSWORD,
        "is_admin": False,
        "roles": [
            ("asean-community-forum-2017", "organiser"),
            ("asean-community-forum-2027", "organiser"),
            ("solidarity-economy-forum-kl-2015", "organiser"),
            ("local-economic-development-training-hanoi-2014", "organiser"),  # she counts its mornings
        ],
    },
    {
        # Facilitator of the MSME cluster (JOURNEYS.md: Dr Ben).
        "email": "ben@example.org",
        "name": "Dr Ben Santos",
        "password": DEMO_PASSWORD,
        "is_admin": False,
        "roles": [
            ("asean-community-forum-2017", "facilitator"),
            ("asean-community-forum-2027", "facilitator"),
            ("solidarity-economy-forum-kl-2015", "participant"),
        ],
    },
    {
        # Project officer at a women's union in Hanoi (JOURNEYS.md: Phương Linh).
        "email": "linh@example.org",
        "name": "Nguyễn Phương Linh",
        "password": DEMO_PASSWORD,
        "is_admin": False,
        "roles": [
            ("asean-community-forum-2017", "participant"),
            ("asean-community-forum-2027", "participant"),
            ("local-economic-development-training-hanoi-2014", "participant"),
        ],
    },
    {
        # Cambodian women entrepreneurs' association (JOURNEYS.md: Sopheak): online in 2020, in Jakarta in 2027.
        "email": "sopheak@example.org",
        "name": "សុខ សុភ័ក្ត្រ (Sok Sopheak)",
        "password": DEMO_PASSWORD,
        "is_admin": False,
        "roles": [
            ("apf-2020-transformative-solidarity-economy", "participant"),
            ("asean-community-forum-2027", "participant"),  # in person, offered travel (demo/travel.py)
        ],
    },
    {
        "email": "chanthy@example.org",
        "name": "Chanthy Kim",
        "password": DEMO_PASSWORD,
        "is_admin": False,
        "roles": [
            ("women-entrepreneurs-dialogue-2027", "organiser"),
        ],
    },
]


# ---------------------------------------------------------------------------
# The ASEAN Community Forum 2017 programme: a day and a half, with parallel
# breakout slots (one item per cluster, "cluster": "*") in three rooms.
# ---------------------------------------------------------------------------
ACF_ROOMS = {"Women empowerment": "Breakout room A", "Rural development": "Breakout room B",
             "MSME development": "Breakout room C"}
ACF_PROGRAMME: list[dict[str, Any]] = [
    {"day": 0, "start": "08:30", "end": "09:00", "title": "Registration", "type": "registration", "room": "Foyer"},
    {"day": 0, "start": "09:00", "end": "10:00", "title": "Plenary opening", "type": "opening_session",
     "room": "Plenary hall", "people": [
         {"name": "ASEAN Foundation representative", "organisation": "ASEAN Foundation", "role": "speaker"},
         {"name": "S Rajaratnam Endowment representative", "organisation": "S Rajaratnam Endowment",
          "role": "speaker"}]},
    {"day": 0, "start": "10:00", "end": "10:30", "title": "Coffee break", "type": "break", "room": "Foyer"},
    {"day": 0, "start": "10:30", "end": "12:30", "title": "Cluster breakout 1: what our organisations do",
     "type": "breakout", "cluster": "*"},
    {"day": 0, "start": "12:30", "end": "13:30", "title": "Lunch", "type": "meal", "room": "Foyer"},
    {"day": 0, "start": "13:30", "end": "15:30",
     "title": "Cluster breakout 2: alignment with the ASEAN 2025 Blueprints, gaps and challenges",
     "type": "breakout", "cluster": "*"},
    {"day": 0, "start": "15:30", "end": "16:00", "title": "Coffee break", "type": "break", "room": "Foyer"},
    {"day": 0, "start": "16:00", "end": "17:30",
     "title": "Cluster breakout 3: solutions with corporates and policy makers; drafting findings",
     "type": "breakout", "cluster": "*"},
    {"day": 1, "start": "09:00", "end": "10:30", "title": "Clusters finalise their findings and recommendations",
     "type": "breakout", "cluster": "*"},
    {"day": 1, "start": "10:30", "end": "10:45", "title": "Group photo and coffee", "type": "group_photo",
     "room": "Foyer"},
    {"day": 1, "start": "10:45", "end": "12:15",
     "title": "Report back of the three clusters to the ASEAN Foundation and the ASEAN Secretariat",
     "type": "report_back", "room": "Plenary hall", "people": [
         {"name": "ASEAN CSR Network facilitator", "organisation": "ASEAN CSR Network", "role": "rapporteur"}]},
    {"day": 1, "start": "12:15", "end": "12:30", "title": "Closing and next steps in the series",
     "type": "closing_session", "room": "Plenary hall"},
]
# demo users in clusters: (forum slug, cluster name, email, role)
CLUSTER_ASSIGNMENTS = [
    ("asean-community-forum-2017", "Women empowerment", "linh@example.org", "participant"),
    ("asean-community-forum-2017", "MSME development", "ben@example.org", "facilitator"),
    ("asean-community-forum-2027", "Women empowerment", "linh@example.org", "participant"),
    ("asean-community-forum-2027", "MSME development", "ben@example.org", "facilitator"),
]


# ---------------------------------------------------------------------------
# Registrations
# ---------------------------------------------------------------------------
# Names are written as the person writes them: in their own script where they have one
# (Vietnamese with its diacritics, Thai, Khmer, Burmese, Lao), in Latin script elsewhere.
# "clusters" are the forum's cluster names in order of preference; "organisation" is a name
# from ORGANISATIONS of the same country. Categories and genders use the codes of
# forumops.registration.models.

_WE, _RD, _MSME = "Women empowerment", "Rural development", "MSME development"

# The ASEAN Community Forum 2017 (concluded): about fifty confirmed participants from every member
# state and Timor-Leste. "checked_in": False marks the few who never reached the registration desk.
DEMO_PARTICIPANTS: list[dict[str, Any]] = [
    # Viet Nam
    {"name": "Nguyễn Phương Linh", "email": "linh@example.org", "organisation": "Vietnam Women's Union",
     "country": "VN", "job_title": "Project officer", "category": "civil_society", "gender": "woman",
     "clusters": [_WE], "dietary_needs": "Vegetarian"},
    {"name": "Nguyễn Thị Mai", "email": "nguyen.thi.mai@example.org",
     "organisation": "Mekong Delta Women's Savings Groups Network", "country": "VN",
     "job_title": "Coordinator", "category": "civil_society", "gender": "woman", "clusters": [_WE, _RD]},
    {"name": "Trần Văn Hùng", "email": "tran.van.hung@example.org",
     "organisation": "Hoa Binh Centre for Rural Development", "country": "VN", "job_title": "Director",
     "category": "civil_society", "gender": "man", "clusters": [_RD, _MSME]},
    {"name": "Lê Thị Thu Hà", "email": "le.thu.ha@example.org",
     "organisation": "Da Nang Craft Villages Cooperative Alliance", "country": "VN",
     "category": "civil_society", "gender": "woman", "clusters": [_MSME, _WE], "checked_in": False},
    {"name": "Phạm Quốc Bảo", "email": "pham.quoc.bao@example.org",
     "organisation": "Association of Cities of Vietnam", "country": "VN", "job_title": "Deputy head of office",
     "category": "government", "gender": "man", "clusters": [_RD]},
    # Thailand
    {"name": "สมศรี ใจดี", "email": "somsri.jaidee@example.org", "organisation": "Isan Women Farmers Network",
     "country": "TH", "job_title": "Network coordinator", "category": "civil_society", "gender": "woman",
     "clusters": [_WE, _RD]},
    {"name": "ประเสริฐ วงศ์สวัสดิ์", "email": "prasert.w@example.org",
     "organisation": "Chiang Mai Community Enterprise Network", "country": "TH", "category": "civil_society",
     "gender": "man", "clusters": [_MSME, _RD]},
    {"name": "ฟาตีมะห์ หะยีสาแม", "email": "fatimah.h@example.org",
     "organisation": "Andaman Coast Fisherfolk Federation", "country": "TH", "category": "civil_society",
     "gender": "woman", "clusters": [_RD, _WE], "dietary_needs": "Halal"},
    {"name": "วิไลวรรณ ทองดี", "email": "wilaiwan.t@example.org", "organisation": "Mekong Institute",
     "country": "TH", "job_title": "Programme specialist, SME development", "category": "resource_person",
     "gender": "woman", "clusters": [_MSME]},
    {"name": "ธนกร พูลสวัสดิ์", "email": "thanakorn.p@example.org",
     "organisation": "Mekong Development Reporters Network", "country": "TH", "job_title": "Reporter",
     "category": "media", "gender": "man", "clusters": [_MSME, _WE], "checked_in": False},
    # Cambodia
    {"name": "សុខ ចាន់ថា", "email": "sok.chantha@example.org",
     "organisation": "Cambodia Women Entrepreneur Association", "country": "KH", "job_title": "Vice-president",
     "category": "civil_society", "gender": "woman", "clusters": [_MSME, _WE]},
    {"name": "ជា សុភាព", "email": "chea.sopheap@example.org", "organisation": "Khmer Women Weavers Cooperative",
     "country": "KH", "category": "civil_society", "gender": "woman", "clusters": [_WE, _MSME]},
    {"name": "ហេង វិចិត្រ", "email": "heng.vichet@example.org",
     "organisation": "Battambang Rural Livelihoods Network", "country": "KH", "category": "civil_society",
     "gender": "man", "clusters": [_RD]},
    {"name": "កែវ សុខា", "email": "keo.sokha@example.org", "organisation": "Kampot Smallholder Farmers Association",
     "country": "KH", "category": "civil_society", "gender": "woman", "clusters": [_RD, _WE],
     "checked_in": False},
    {"name": "ម៉ៅ សំណាង", "email": "mao.samnang@example.org",
     "organisation": "Cambodian Center for Study and Development in Agriculture", "country": "KH",
     "job_title": "Agronomist", "category": "resource_person", "gender": "man", "clusters": [_RD, _MSME],
     "dietary_needs": "Vegetarian"},
    # Myanmar
    {"name": "အောင်ကျော်", "email": "aung.kyaw@example.org", "organisation": "Mandalay Microenterprise Support Group",
     "country": "MM", "category": "civil_society", "gender": "man", "clusters": [_MSME]},
    {"name": "ခင်မာလာ", "email": "khin.marlar@example.org",
     "organisation": "Shan State Women Entrepreneurs Network", "country": "MM", "category": "civil_society",
     "gender": "woman", "clusters": [_WE, _MSME]},
    {"name": "သီတာဝင်း", "email": "thida.win@example.org", "organisation": "Ayeyarwady Delta Farmers Cooperative",
     "country": "MM", "category": "civil_society", "gender": "woman", "clusters": [_RD, _WE]},
    {"name": "ဇော်မင်းထွန်း", "email": "zaw.min.htun@example.org",
     "organisation": "Ayeyarwady Delta Farmers Cooperative", "country": "MM", "category": "civil_society",
     "gender": "man", "clusters": [_RD, _MSME], "checked_in": False},
    {"name": "စန္ဒာမြင့်", "email": "sandar.myint@example.org",
     "organisation": "Shan State Women Entrepreneurs Network", "country": "MM", "category": "civil_society",
     "gender": "woman", "clusters": [_WE], "dietary_needs": "Vegetarian"},
    # Lao PDR
    {"name": "ສົມພອນ ແກ້ວມະນີ", "email": "somphone.k@example.org", "organisation": "Fair Trade Laos Association",
     "country": "LA", "job_title": "Coordinator", "category": "civil_society", "gender": "woman",
     "clusters": [_MSME, _RD]},
    {"name": "ບົວພັນ ສີສຸວັນ", "email": "bouaphanh.s@example.org",
     "organisation": "Lao Rural Women's Development Association", "country": "LA", "category": "civil_society",
     "gender": "woman", "clusters": [_WE, _RD]},
    {"name": "ຄຳຫຼ້າ ພົມມະຈັນ", "email": "khamla.p@example.org", "organisation": "Savannakhet Small Business Network",
     "country": "LA", "category": "civil_society", "gender": "man", "clusters": [_MSME]},
    {"name": "ນ້ອຍ ວົງສາ", "email": "noy.vongsa@example.org",
     "organisation": "Luang Prabang Handicraft Producers Group", "country": "LA", "category": "civil_society",
     "gender": "woman", "clusters": [_MSME, _WE, _RD], "checked_in": False},
    # Indonesia
    {"name": "Siti Nurhaliza Rahmawati", "email": "siti.rahmawati@example.org",
     "organisation": "Yogyakarta Women Artisans Cooperative", "country": "ID", "category": "civil_society",
     "gender": "woman", "clusters": [_WE, _MSME], "dietary_needs": "Halal"},
    {"name": "Bambang Setiawan", "email": "bambang.setiawan@example.org", "organisation": "Bina Swadaya Foundation",
     "country": "ID", "job_title": "Programme manager", "category": "civil_society", "gender": "man",
     "clusters": [_RD, _MSME], "dietary_needs": "Halal"},
    {"name": "Yohanes Ndun", "email": "yohanes.ndun@example.org",
     "organisation": "East Nusa Tenggara Village Enterprise Forum", "country": "ID", "category": "civil_society",
     "gender": "man", "clusters": [_RD]},
    {"name": "Andi Rahmat Hidayat", "email": "andi.hidayat@example.org",
     "organisation": "Sulawesi Fisherfolk Solidarity Association", "country": "ID", "category": "civil_society",
     "gender": "man", "clusters": [_RD], "dietary_needs": "Halal"},
    {"name": "Dewi Kartika Sari", "email": "dewi.sari@example.org", "organisation": "Sinergi Indonesia",
     "country": "ID", "category": "civil_society", "gender": "woman", "clusters": [_MSME, _WE],
     "dietary_needs": "Halal", "checked_in": False},
    {"name": "Ratna Wulandari", "email": "ratna.wulandari@example.org", "organisation": "ASEAN Secretariat",
     "country": "ID", "job_title": "Senior officer", "category": "observer", "gender": "woman",
     "clusters": [_MSME, _WE], "dietary_needs": "Halal"},
    # Malaysia
    {"name": "Nurul Aisyah binti Ahmad", "email": "nurul.aisyah@example.org",
     "organisation": "Sabah Rural Women Entrepreneurs Network", "country": "MY", "category": "civil_society",
     "gender": "woman", "clusters": [_WE, _RD], "dietary_needs": "Halal"},
    {"name": "Muhammad Faiz bin Ismail", "email": "faiz.ismail@example.org",
     "organisation": "Malaysian Social Enterprise Alliance", "country": "MY", "category": "civil_society",
     "gender": "man", "clusters": [_MSME], "dietary_needs": "Halal"},
    {"name": "Rosnah anak Jimbun", "email": "rosnah.jimbun@example.org",
     "organisation": "Orang Asli Community Livelihoods Trust", "country": "MY", "category": "civil_society",
     "gender": "woman", "clusters": [_RD, _WE]},
    {"name": "Dr Lim Wei Ling", "email": "lim.weiling@example.org",
     "organisation": "Institute of Ethnic Studies, Universiti Kebangsaan Malaysia", "country": "MY",
     "job_title": "Senior research fellow", "category": "resource_person", "gender": "woman",
     "clusters": [_MSME, _RD], "dietary_needs": "Vegetarian"},
    {"name": "Kavitha Subramaniam", "email": "kavitha.s@example.org",
     "organisation": "Institute of Strategic and International Studies Malaysia", "country": "MY",
     "category": "resource_person", "gender": "woman", "clusters": [_WE], "dietary_needs": "Vegetarian",
     "checked_in": False},
    # Philippines
    {"name": "Maria Theresa Dela Cruz", "email": "tess.delacruz@example.org",
     "organisation": "Mindanao Women in Enterprise Network", "country": "PH", "job_title": "Executive director",
     "category": "civil_society", "gender": "woman", "clusters": [_WE, _MSME]},
    {"name": "Jose Miguel Santos", "email": "jm.santos@example.org",
     "organisation": "Philippine Young Entrepreneurs Association", "country": "PH", "category": "civil_society",
     "gender": "man", "clusters": [_MSME]},
    {"name": "Rowena Bagtas", "email": "rowena.bagtas@example.org",
     "organisation": "Visayas Federation of Rural Cooperatives", "country": "PH", "category": "civil_society",
     "gender": "woman", "clusters": [_RD, _MSME]},
    {"name": "Analyn Dumalo", "email": "analyn.dumalo@example.org",
     "organisation": "Cordillera Indigenous Weavers Association", "country": "PH", "category": "civil_society",
     "gender": "prefer_not_to_say", "clusters": [_WE, _MSME]},
    {"name": "Amina Macarambon", "email": "amina.macarambon@example.org", "organisation": "Alalay Sa Kaunlaran Inc.",
     "country": "PH", "category": "civil_society", "gender": "woman", "clusters": [_MSME, _WE],
     "dietary_needs": "Halal"},
    {"name": "Ramon Villanueva", "email": "ramon.villanueva@example.org", "organisation": "Asian Development Bank",
     "country": "PH", "category": "observer", "gender": "man", "clusters": [_MSME], "checked_in": False},
    # Singapore
    {"name": "Tan Mei Ling", "email": "tan.meiling@example.org",
     "organisation": "Women in Small Business Singapore", "country": "SG", "category": "civil_society",
     "gender": "woman", "clusters": [_WE, _MSME]},
    {"name": "Muhammad Hafiz bin Osman", "email": "hafiz.osman@example.org",
     "organisation": "Lion City Social Enterprise Collective", "country": "SG", "category": "civil_society",
     "gender": "man", "clusters": [_MSME], "dietary_needs": "Halal"},
    {"name": "Priya Raman", "email": "priya.raman@example.org", "organisation": "Asia Inclusive Business Partners",
     "country": "SG", "job_title": "Partner", "category": "resource_person", "gender": "woman",
     "clusters": [_MSME], "dietary_needs": "Vegetarian"},
    {"name": "Daniel Goh", "email": "daniel.goh@example.org", "organisation": "S Rajaratnam Endowment",
     "country": "SG", "category": "observer", "gender": "man", "clusters": [_RD, _WE]},
    # Brunei Darussalam
    {"name": "Dayang Nurul Huda binti Haji Abdullah", "email": "nurul.huda@example.org",
     "organisation": "Women Business Council of Brunei Darussalam", "country": "BN", "category": "civil_society",
     "gender": "woman", "clusters": [_WE, _MSME], "dietary_needs": "Halal"},
    {"name": "Awang Mohd Rizal bin Haji Yusof", "email": "rizal.yusof@example.org",
     "organisation": "Temburong Community Development Association", "country": "BN",
     "category": "civil_society", "gender": "man", "clusters": [_RD], "dietary_needs": "Halal"},
    {"name": "Hajah Siti Aminah binti Haji Ahmad", "email": "siti.aminah@example.org",
     "organisation": "Brunei Rural Craft Producers Network", "country": "BN", "category": "civil_society",
     "gender": "woman", "clusters": [_MSME, _RD], "dietary_needs": "Halal", "checked_in": False},
    # Timor-Leste
    {"name": "Maria da Costa Soares", "email": "maria.soares@example.org",
     "organisation": "Timor-Leste Women's Enterprise Network", "country": "TL", "category": "civil_society",
     "gender": "woman", "clusters": [_WE, _MSME]},
    {"name": "Joaquim Ximenes", "email": "joaquim.ximenes@example.org",
     "organisation": "Baucau Coffee Farmers Cooperative", "country": "TL", "category": "civil_society",
     "gender": "man", "clusters": [_RD, _MSME]},
    {"name": "Ana Belo Guterres", "email": "ana.guterres@example.org",
     "organisation": "Dili Rural Livelihoods Foundation", "country": "TL", "category": "civil_society",
     "gender": "woman", "clusters": [_RD], "checked_in": False},
]

# The ASEAN Community Forum 2027 (registration open): twenty-four places in person, online unlimited,
# one required question of the organisers (the travel questions are demo/travel.py's). The registrations
# are taken in this order, so the last two people who come in person find the room full and wait for a place.
_SECTOR = "Which sector does your organisation work in?"


def _returning(email: str, sector: str) -> dict[str, Any]:
    """Someone of the 2017 forum registering again, in person (the ASEAN Foundation funds their journey to
    Jakarta: demo/travel.py)."""
    person = next(p for p in DEMO_PARTICIPANTS if p["email"] == email)
    return {**{key: value for key, value in person.items() if key != "checked_in"},
            "attendance_mode": "in_person", "answers": {_SECTOR: sector}}


DEMO_OPEN_FORUM_REGISTRATIONS: dict[str, Any] = {
    "forum": "asean-community-forum-2027",
    "settings": {
        "capacity": None,
        "capacity_in_person": 24,
        "capacity_online": None,  # unlimited online seats for the hybrid plenaries
        "privacy_notice": (
            "The ASEAN Foundation and the ASEAN CSR Network use your details only to organise this forum: "
            "badges, catering, travel and hotel bookings, cluster lists and the participant counts in the "
            "report. We do not share them with anyone else, and we delete them one year after the forum."
        ),
    },
    "questions": [
        {"label": _SECTOR, "kind": "single_choice", "required": True,
         "help_text": "Choose the sector closest to your organisation's main work.",
         "options": ["Women's empowerment", "Rural development", "MSME development", "Other"]},
    ],
    "registrations": [
        {"name": "Nguyễn Phương Linh", "email": "linh@example.org", "organisation": "Vietnam Women's Union",
         "country": "VN", "job_title": "Project officer", "category": "civil_society", "gender": "woman",
         "attendance_mode": "in_person", "clusters": [_WE], "dietary_needs": "Vegetarian",
         "answers": {_SECTOR: "Women's empowerment"}},
        {"name": "សុខ សុភ័ក្ត្រ (Sok Sopheak)", "email": "sopheak@example.org",
         "organisation": "Cambodia Women Entrepreneur Association", "country": "KH",
         "category": "civil_society", "gender": "man", "attendance_mode": "in_person", "clusters": [_MSME, _WE],
         "answers": {_SECTOR: "MSME development"}},
        {"name": "สมศรี ใจดี", "email": "somsri.jaidee@example.org", "organisation": "Isan Women Farmers Network",
         "country": "TH", "category": "civil_society", "gender": "woman", "attendance_mode": "in_person",
         "clusters": [_RD, _WE], "answers": {_SECTOR: "Rural development"}},
        {"name": "ສົມພອນ ແກ້ວມະນີ", "email": "somphone.k@example.org", "organisation": "Fair Trade Laos Association",
         "country": "LA", "category": "civil_society", "gender": "woman", "attendance_mode": "in_person",
         "clusters": [_MSME], "answers": {_SECTOR: "MSME development"}},
        {"name": "အောင်ကျော်", "email": "aung.kyaw@example.org",
         "organisation": "Mandalay Microenterprise Support Group", "country": "MM", "category": "civil_society",
         "gender": "man", "attendance_mode": "in_person", "clusters": [_MSME, _RD],
         "answers": {_SECTOR: "MSME development"}},
        {"name": "Siti Rahayu", "email": "siti.rahayu@example.org",
         "organisation": "Yogyakarta Women Artisans Cooperative", "country": "ID", "category": "civil_society",
         "gender": "woman", "attendance_mode": "in_person", "clusters": [_WE, _MSME], "dietary_needs": "Halal",
         "answers": {_SECTOR: "Women's empowerment"}},
        {"name": "Nurul Izzah binti Kamal", "email": "nurul.izzah@example.org",
         "organisation": "Sabah Rural Women Entrepreneurs Network", "country": "MY", "category": "civil_society",
         "gender": "woman", "attendance_mode": "in_person", "clusters": [_WE, _RD], "dietary_needs": "Halal",
         "answers": {_SECTOR: "Women's empowerment"}},
        {"name": "Maria Cristina Reyes", "email": "cristina.reyes@example.org",
         "organisation": "Visayas Federation of Rural Cooperatives", "country": "PH", "category": "civil_society",
         "gender": "woman", "attendance_mode": "in_person", "clusters": [_RD],
         "answers": {_SECTOR: "Rural development"}},
        {"name": "Hajah Norhayati binti Haji Omar", "email": "norhayati.omar@example.org",
         "organisation": "Women Business Council of Brunei Darussalam", "country": "BN",
         "category": "civil_society", "gender": "woman", "attendance_mode": "in_person",
         "clusters": [_MSME, _WE], "dietary_needs": "Halal", "answers": {_SECTOR: "MSME development"}},
        {"name": "Joana Pereira Amaral", "email": "joana.amaral@example.org",
         "organisation": "Timor-Leste Women's Enterprise Network", "country": "TL", "category": "civil_society",
         "gender": "woman", "attendance_mode": "in_person", "clusters": [_WE],
         "answers": {_SECTOR: "Women's empowerment"}},
        {"name": "Trần Minh Đức", "email": "tran.minh.duc@example.org",
         "organisation": "Hoa Binh Centre for Rural Development", "country": "VN", "category": "civil_society",
         "gender": "man", "attendance_mode": "in_person", "clusters": [_RD, _MSME],
         "answers": {_SECTOR: "Rural development"}},
        {"name": "Ahmad Fauzi bin Yusof", "email": "fauzi.yusof@example.org",
         "organisation": "Global Movement of Moderates", "country": "MY", "category": "observer", "gender": "man",
         "attendance_mode": "online", "clusters": [_MSME], "answers": {_SECTOR: "Other"}},
        {"name": "Ong Siew Lan", "email": "ong.siewlan@example.org",
         "organisation": "Women in Small Business Singapore", "country": "SG", "category": "civil_society",
         "gender": "woman", "attendance_mode": "in_person", "clusters": [_MSME, _WE],
         "answers": {_SECTOR: "MSME development"}},
        {"name": "ចាន់ សុផល", "email": "chan.sophal@example.org",
         "organisation": "Kampot Smallholder Farmers Association", "country": "KH", "category": "civil_society",
         "gender": "man", "attendance_mode": "in_person", "clusters": [_RD],
         "answers": {_SECTOR: "Rural development"}},
        # from Cambodia, Myanmar and Lao PDR, back from the 2017 forum
        _returning("sok.chantha@example.org", "Women's empowerment"),
        _returning("chea.sopheap@example.org", "Women's empowerment"),
        _returning("mao.samnang@example.org", "Rural development"),
        _returning("keo.sokha@example.org", "Rural development"),
        _returning("khin.marlar@example.org", "MSME development"),
        _returning("sandar.myint@example.org", "Women's empowerment"),
        _returning("thida.win@example.org", "Rural development"),
        _returning("zaw.min.htun@example.org", "Rural development"),
        _returning("bouaphanh.s@example.org", "Women's empowerment"),
        _returning("khamla.p@example.org", "MSME development"),
        _returning("noy.vongsa@example.org", "MSME development"),
        # the room is full from here: waiting list
        {"name": "ทองใบ แสงอรุณ", "email": "thongbai.s@example.org",
         "organisation": "Chiang Mai Community Enterprise Network", "country": "TH", "category": "civil_society",
         "gender": "man", "attendance_mode": "in_person", "clusters": [_MSME, _RD],
         "answers": {_SECTOR: "MSME development"}},
        {"name": "Lê Thị Hồng Nhung", "email": "hong.nhung@example.org",
         "organisation": "Mekong Delta Women's Savings Groups Network", "country": "VN",
         "category": "civil_society", "gender": "woman", "attendance_mode": "in_person", "clusters": [_WE, _RD],
         "dietary_needs": "Vegetarian", "answers": {_SECTOR: "Women's empowerment"}},
    ],
}


# ---------------------------------------------------------------------------
# Clusters of the ASEAN Community Forum 2017: approved notes written from the seed's facts, and the
# forum's recommendations with what the plenary decided.
# ---------------------------------------------------------------------------
ACF_CLUSTER_DETAILS: dict[str, dict[str, Any]] = {
    "MSME development": {
        "room": "Breakout room C", "capacity": 18,
        "guiding_questions": [
            "Which goals of the ASEAN Strategic Action Plan for SME Development 2016-2025 do your programmes pursue?",
            "Which ASEAN resources do you use, and what keeps you from using more?",
            "What would most help micro, small and medium enterprises grow across borders?",
        ],
        "notes": {
            "summary": "About ten civil-society organisations from the MSME cluster — among them the Women Business "
                       "Council of Brunei Darussalam, the Cambodia Women Entrepreneur Association, Fair Trade Laos "
                       "Association, Vietnam Women's Union and the Philippine Young Entrepreneurs Association — "
                       "compared their programmes with ASEAN's 2025 Blueprints over a day and a half. ASEAN CSR "
                       "Network facilitated and presented the findings to the ASEAN Foundation and members of the "
                       "ASEAN Secretariat.",
            "findings": [
                "CSOs in ASEAN already run a wide range of effective programmes in line with ASEAN's 2025 Blueprints.",
                "Many goals of the ASEAN Strategic Action Plan for SME Development (2016-2025) are already being "
                "pursued by CSOs: CSOs and ASEAN bodies are closely aligned in their objectives.",
                "CSOs are not tapping into resources ASEAN provides, such as the free online courses of the SME "
                "Academy.",
            ],
            "challenges": [
                "Communication between CSOs and ASEAN bodies is weak, so resources go unused.",
                "Access to markets beyond the home province and country.",
                "Government regulations that are not business-friendly for small enterprises.",
            ],
            "recommendations": [
                {"text": "Improve market access for micro, small and medium enterprises.",
                 "addressee": "ASEAN Secretariat and member states", "priority": "high"},
                {"text": "Advocate for more business-friendly government regulations for MSMEs.",
                 "addressee": "National governments", "priority": "high"},
                {"text": "Build better communication flows between CSOs and ASEAN bodies, so that CSOs know and use "
                         "resources such as the SME Academy.", "addressee": "ASEAN Secretariat", "priority": "medium"},
            ],
            "actions": [
                {"what": "Circulate the SME Academy course list to the cluster's organisations", "who": "ASEAN CSR Network",
                 "due": "2017-04-30", "status": "done"},
                {"what": "Present the findings to the ASEAN Foundation and the ASEAN Secretariat", "who": "ASEAN CSR Network",
                 "due": "2017-03-10", "status": "done"},
            ],
            "quotes": ["We were already doing what the action plan asks; nobody had told us the courses were free."],
        },
    },
    "Women empowerment": {
        "room": "Breakout room A", "capacity": 18,
        "guiding_questions": ["How do your programmes strengthen women's economic leadership?",
                              "Where do women entrepreneurs meet barriers that ASEAN could lower?"],
        "notes": {
            "summary": "Women's unions, entrepreneurs' associations and community groups shared how they support "
                       "women-led enterprises, and where access to finance and markets holds them back.",
            "findings": ["Women-led micro enterprises rely on informal finance.",
                         "Programmes for women's economic leadership exist in every member state but rarely connect."],
            "challenges": ["Access to finance", "Care work limits time for training"],
            "recommendations": [
                {"text": "Mainstream women's economic empowerment in ASEAN's MSME programmes.",
                 "addressee": "ASEAN Secretariat", "priority": "high"},
                {"text": "Improve market access for women-led small enterprises.",
                 "addressee": "ASEAN member states", "priority": "medium"},
            ],
            "actions": [{"what": "Map women entrepreneurs' networks across the member states", "who": "Vietnam Women's Union",
                         "due": "2017-09-30", "status": "in_progress"}],
            "quotes": [],
        },
    },
    "Rural development": {
        "room": "Breakout room B", "capacity": 18,
        "guiding_questions": ["What do rural communities need from regional integration?"],
        "notes": {
            "summary": "Rural development organisations discussed farmers' access to value chains and the role of "
                       "local governments.",
            "findings": ["Farmers' groups lack links to buyers beyond their province."],
            "challenges": ["Infrastructure", "Price volatility"],
            "recommendations": [
                {"text": "Support community enterprises to reach regional value chains.",
                 "addressee": "Local governments", "priority": "medium"},
            ],
            "actions": [],
            "quotes": [],
        },
    },
}
# The forum's recommendations after the plenary: (text, addressee, status, [(cluster, recommendation index)])
ACF_FORUM_RECOMMENDATIONS = [
    ("Improve market access for micro, small and medium enterprises, including those led by women.",
     "ASEAN Secretariat and member states", "adopted",
     [("MSME development", 0), ("Women empowerment", 1)]),
    ("Advocate for more business-friendly government regulations for small enterprises.",
     "National governments", "adopted", [("MSME development", 1)]),
    ("Build communication flows between CSOs and ASEAN bodies so that CSOs use ASEAN's resources, such as the "
     "free online courses of the SME Academy.", "ASEAN Secretariat", "adopted", [("MSME development", 2)]),
    ("Mainstream women's economic empowerment in ASEAN's MSME programmes.", "ASEAN Secretariat", "noted",
     [("Women empowerment", 0)]),
    ("Support community enterprises to reach regional value chains.", "Local governments", "noted",
     [("Rural development", 0)]),
]

# ---------------------------------------------------------------------------
# Follow-up (issue 8): action plans and progress reports
# ---------------------------------------------------------------------------
# The Mekong Institute's synthesis and evaluation workshop (seed 004): participants from provinces of
# Cambodia, Myanmar, Thailand and Viet Nam report on the Action Plans they adopted at the 2016 regional
# trainings. People and figures are invented for the demo; achievements and challenges are the seed's.
# Reports carry their 2017 dates; "due_in_days" sets the next report relative to the day the demo is
# loaded, so the dashboard always shows reports coming, due and late.

FOLLOWUP_FORUM = "sec-synthesis-evaluation-workshop-2017"
FOLLOWUP_ORGANISER = "mai@example.org"
FOLLOWUP_SETTINGS = {"report_every_days": 90, "remind_days_before": 7, "remind_every_days": 7, "link_valid_days": 180}

FOLLOWUP_ORGANISATIONS: list[dict[str, Any]] = [
    {"name": "Kampong Speu Palm Sugar Promotion Association", "type": "coop_social_enterprise", "country": "KH"},
    {"name": "Kampot Pepper Promotion Association", "type": "coop_social_enterprise", "country": "KH"},
    {"name": "Long An Dragon Fruit Cooperative", "type": "coop_social_enterprise", "country": "VN"},
    {"name": "Tay Ninh Department of Industry and Trade", "type": "local_government", "country": "VN"},
    {"name": "Tanintharyi Cashew Processors Group", "type": "private_sector", "country": "MM"},
    {"name": "Mon State Chamber of Commerce and Industry", "type": "private_sector", "country": "MM"},
    {"name": "Kanchanaburi Herbal Products Community Enterprise", "type": "coop_social_enterprise", "country": "TH"},
    {"name": "Sa Kaeo Provincial Chamber of Commerce", "type": "private_sector", "country": "TH"},
]

# One entry per plan: its owner (registered for the workshop), the plan, and its progress reports.
# Indicator values in a report follow the order of the plan's indicators (None: not reported).
FOLLOWUP_PLANS: list[dict[str, Any]] = [
    {
        "owner": {"name": "ចាន់ សុផល (Chan Sophal)", "email": "sophal.chan@example.org", "country": "KH",
                  "organisation": "Kampong Speu Palm Sugar Promotion Association", "job_title": "Cluster coordinator"},
        "cluster": "SME Cluster Development and Export Consortia Formation",
        "title": "Certified Kampong Speu palm sugar for export",
        "objective": "Members sell certified palm sugar to buyers abroad under the geographical indication.",
        "activities": [("Renew the geographical indication inspection", "2016-11-01", "2017-01-31"),
                       ("Apply for organic certification with a regional certifier", "2017-01-15", "2017-05-31"),
                       ("Print a bilingual product brochure for trade fairs", "2017-03-01", "2017-04-30")],
        "indicators": [("Products certified", "number", 2, "products"), ("Export buyers under contract", "number", 3, "buyers"),
                       ("Export licence obtained", "yes_no", None, "")],
        "reports": [
            {"on": "2017-02-20", "status": "on_track", "values": [1, 0, False],
             "narrative": "The geographical indication inspection passed in January. The organic certifier visited 14 member farms.",
             "achievements": ["product_certification"], "challenges": ["production_cost"],
             "support": [], "support_needed": ""},
            {"on": "2017-05-30", "status": "on_track", "values": [2, 1, False],
             "narrative": "Organic certification obtained for granulated and liquid palm sugar. The brochure was printed in Khmer and English and a first buyer in Japan signed.",
             "achievements": ["product_certification", "brochure", "new_market"],
             "challenges": ["production_cost", "export_procedures", "market_identification"],
             "support": ["export_procedures", "market_identification"],
             "support_needed": "Coaching on export documents and phytosanitary certificates; contacts with importers in Japan and Korea."},
        ],
        "due_in_days": 24,
    },
    {
        "owner": {"name": "កែវ ដារ៉ា (Keo Dara)", "email": "dara.keo@example.org", "country": "KH",
                  "organisation": "Kampot Pepper Promotion Association", "job_title": "Board member"},
        "cluster": "SME Cluster Development and Export Consortia Formation",
        "title": "Kampot pepper export consortium",
        "objective": "Five pepper producers export together under one consortium brand.",
        "activities": [("Agree the consortium's rules among the five producers", "2016-10-15", "2016-12-31"),
                       ("Design a joint export package", "2017-01-01", "2017-03-31")],
        "indicators": [("Producers in the consortium", "number", 5, "producers"), ("Joint export package designed", "yes_no", None, "")],
        "reports": [
            {"on": "2017-04-10", "status": "at_risk", "values": [3, True],
             "narrative": "Three producers signed the consortium agreement. The joint package is ready, but two producers left over the shared price.",
             "achievements": ["package_design"], "challenges": ["product_quality", "production_cost", "finance", "sales_marketing"],
             "support": ["finance", "sales_marketing"],
             "support_needed": "Help to agree a pricing rule; a small grant for the first joint shipment."},
        ],
        "due_in_days": -12,
    },
    {
        "owner": {"name": "Nguyễn Văn Hùng", "email": "hung.nguyen@example.org", "country": "VN",
                  "organisation": "Long An Dragon Fruit Cooperative", "job_title": "Director"},
        "cluster": "SME Cluster Development and Export Consortia Formation",
        "title": "Dragon fruit packaging and a sorting line",
        "objective": "Less fruit rejected by exporters through better sorting and packaging.",
        "activities": [("Buy a sorting and washing line", "2016-12-01", "2017-03-31"),
                       ("Introduce new export cartons", "2017-02-01", "2017-05-31")],
        "indicators": [("Share of fruit rejected by exporters", "number", 10, "%"), ("Sorting line in use", "yes_no", None, "")],
        "reports": [
            {"on": "2017-05-18", "status": "on_track", "values": [14, True],
             "narrative": "The sorting line runs since March; rejections fell from 25% to 14%. New cartons were designed with the packaging centre in Ho Chi Minh City.",
             "achievements": ["equipment", "package_design"], "challenges": ["value_addition", "production_cost", "sales_marketing"],
             "support": ["value_addition"], "support_needed": "Training on dried dragon fruit products."},
        ],
        "due_in_days": 40,
    },
    {
        "owner": {"name": "Trần Thị Mai Hương", "email": "huong.tran@example.org", "country": "VN",
                  "organisation": "Tay Ninh Department of Industry and Trade", "job_title": "Trade promotion officer"},
        "cluster": "Business Database Development",
        "title": "Tay Ninh business database of 300 SME profiles",
        "objective": "An online directory of the province's SMEs that buyers and investors can search.",
        "activities": [("Collect business profiles through the district offices", "2016-10-01", "2017-04-30"),
                       ("Publish the database on the department's website", "2017-04-01", "2017-06-30")],
        "indicators": [("Business profiles collected", "number", 300, "profiles"), ("Database online", "yes_no", None, "")],
        "reports": [
            {"on": "2017-01-25", "status": "on_track", "values": [120, False],
             "narrative": "120 profiles collected in three districts.", "achievements": ["business_profiles"],
             "challenges": ["human_resources"], "support": [], "support_needed": ""},
            {"on": "2017-06-02", "status": "on_track", "values": [240, True],
             "narrative": "240 profiles collected; the database went online in May.",
             "achievements": ["business_profiles"], "challenges": ["business_data", "human_resources"],
             "support": ["business_data"], "support_needed": "Training for district staff on keeping profiles up to date."},
        ],
        "due_in_days": 5,
    },
    {
        "owner": {"name": "ဒေါ်ခင်မြင့် (Daw Khin Myint)", "email": "khinmyint@example.org", "country": "MM",
                  "organisation": "Tanintharyi Cashew Processors Group", "job_title": "Chairperson"},
        "cluster": "SME Cluster Development and Export Consortia Formation",
        "title": "Cashew processing equipment and quality standards",
        "objective": "Processed cashew that meets buyers' quality standards, made in Dawei instead of shipped raw.",
        "activities": [("Buy a cashew shelling machine", "2017-01-01", "2017-04-30"),
                       ("Train workers on grading and hygiene", "2017-03-01", "2017-06-30")],
        "indicators": [("Workers trained", "number", 40, "workers"), ("Shelling machine in use", "yes_no", None, "")],
        "reports": [
            {"on": "2017-05-25", "status": "at_risk", "values": [15, True],
             "narrative": "The shelling machine was bought with a loan from members. Only 15 workers trained: the trainer from Yangon could come once.",
             "achievements": ["equipment", "training"],
             "challenges": ["product_quality", "production_technology", "finance", "export_procedures"],
             "support": ["production_technology", "product_quality"],
             "support_needed": "A food-technology trainer for three months; advice on export procedures through Thailand."},
        ],
        "due_in_days": -3,
    },
    {
        "owner": {"name": "U Aung Zaw", "email": "aungzaw@example.org", "country": "MM",
                  "organisation": "Mon State Chamber of Commerce and Industry", "job_title": "Secretary"},
        "cluster": "Business Database Development",
        "title": "Mon State business directory",
        "objective": "A printed and online directory of the chamber's 150 member businesses.",
        "activities": [("Survey member businesses", "2017-02-01", "2017-07-31")],
        "indicators": [("Business profiles collected", "number", 150, "profiles")],
        "reports": [],
        "due_in_days": -30,
    },
    {
        "owner": {"name": "สมศรี ใจดี (Somsri Jaidee)", "email": "somsri@example.org", "country": "TH",
                  "organisation": "Kanchanaburi Herbal Products Community Enterprise", "job_title": "Manager"},
        "cluster": "SME Cluster Development and Export Consortia Formation",
        "title": "Thai FDA registration for herbal balm and tea",
        "objective": "Herbal products registered with the Thai FDA and sold in shops outside the province.",
        "activities": [("Register two products with the Thai FDA", "2016-10-01", "2017-03-31"),
                       ("New labels and packaging for shops", "2017-02-01", "2017-05-31")],
        "indicators": [("Products registered", "number", 2, "products"), ("Shops outside the province", "number", 10, "shops")],
        "reports": [
            {"on": "2017-03-15", "status": "on_track", "values": [1, 4],
             "narrative": "Herbal balm registered; the tea is waiting for laboratory results.",
             "achievements": ["product_certification"], "challenges": ["product_quality"], "support": [],
             "support_needed": ""},
            {"on": "2017-06-05", "status": "done", "values": [2, 12],
             "narrative": "Both products registered, new labels printed, sold in 12 shops in Bangkok and Hua Hin.",
             "achievements": ["product_certification", "package_design", "new_market"],
             "challenges": ["market_identification", "export_procedures"], "support": ["market_identification"],
             "support_needed": "Next step: buyers in Laos and Cambodia."},
        ],
        "due_in_days": None,
    },
    {
        "owner": {"name": "วิชัย ศรีสุข (Wichai Srisuk)", "email": "wichai@example.org", "country": "TH",
                  "organisation": "Sa Kaeo Provincial Chamber of Commerce", "job_title": "Vice-president"},
        "cluster": "Business Database Development",
        "title": "Cross-border trade desk at Aranyaprathet",
        "objective": "Traders on both sides of the border find partners and the paperwork they need in one place.",
        "activities": [("Open the desk at the chamber's office", "2017-01-01", "2017-02-28"),
                       ("Profile Thai and Cambodian traders", "2017-02-01", "2017-08-31")],
        "indicators": [("Trader profiles", "number", 100, "profiles"), ("Desk open", "yes_no", None, "")],
        "reports": [
            {"on": "2017-05-29", "status": "on_track", "values": [64, True],
             "narrative": "The desk opened in February and answers about 20 traders a month.",
             "achievements": ["business_profiles"], "challenges": ["export_procedures", "human_resources"],
             "support": ["export_procedures"], "support_needed": "Up-to-date guides to customs procedures in Khmer and Thai."},
        ],
        "due_in_days": 60,
    },
]

# Plans started from the ASEAN Community Forum 2017 clusters' action items: (cluster, action index, owner's
# email or None for the organisation named in the item, status reported, narrative, indicators, value reported).
# Linh owns hers through her registration, so she reports from her account too.
FOLLOWUP_ACF_PLANS = [
    ("Women empowerment", 0, "linh@example.org", "on_track", "Twenty-one networks mapped in six member states so far.",
     [("Networks mapped", "number", 40, "networks")], 21),
    ("MSME development", 0, None, "done", "The course list went to 64 organisations.",
     [("Organisations reached", "number", 50, "organisations")], 64),
]
