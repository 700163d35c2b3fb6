"""The demo's bilingual forum: the ASEAN Community Forum 2017 in English and Thai, as Mai would write it.

Thai versions of the title, most of the concept note and a few programme items and clusters; the rationale,
expected outputs, tentative programme and the breakouts stay English only, so a Thai reader sees both a
version and the marker "Shown in English: no Thai version yet"."""

from __future__ import annotations

from sqlalchemy import select

from ..agenda.models import AgendaItem, Cluster
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import CLUSTER, FORUM, ITEM, save_versions

SLUG = "asean-community-forum-2017"

FORUM_TEXTS = {
    "title": "เวทีประชาคมอาเซียน 2017 โดย S Rajaratnam Endowment",
    "background": (
        "มูลนิธิอาเซียนริเริ่มโครงการขนาดใหญ่ครั้งแรกเพื่อการมีส่วนร่วมของภาคประชาสังคม โดยได้รับการสนับสนุนจาก "
        "S Rajaratnam Endowment และมีเครือข่าย ASEAN CSR Network (ACN) เป็นผู้อำนวยความสะดวก\n\n"
        "การรวมตัวของอาเซียนมุ่งให้ประชาชนเป็นศูนย์กลาง แผนงานประชาคมอาเซียน 2025 และแผนปฏิบัติการเชิงกลยุทธ์"
        "ด้านการพัฒนาวิสาหกิจขนาดกลางและขนาดย่อม (2016-2025) ตั้งเป้าหมายที่องค์กรภาคประชาสังคมจำนวนมากในภูมิภาค"
        "ทำอยู่แล้วในงานของตน แต่องค์กรภาคประชาสังคม หน่วยงานอาเซียน ภาคธุรกิจ และผู้กำหนดนโยบาย "
        "ยังไม่ค่อยได้พบกันเพื่อเทียบเคียงสิ่งที่แต่ละฝ่ายทำ"),
    "objectives": (
        "สร้างความสัมพันธ์ระหว่างประชาชนในหมู่องค์กรภาคประชาสังคมทั่วอาเซียนที่ทำงานด้านการเสริมพลังสตรี "
        "การพัฒนาชนบท และการพัฒนาวิสาหกิจรายย่อย ขนาดเล็กและขนาดกลาง\n"
        "แสวงหาความร่วมมือกับภาคธุรกิจและผู้กำหนดนโยบาย เพื่อหาทางออกที่ทำให้เศรษฐกิจมีพลวัตและฟื้นตัวได้"
        "ในการรวมตัวของอาเซียน\n"
        "นำเสนอข้อค้นพบและข้อเสนอแนะสำคัญของแต่ละภาคส่วนต่อมูลนิธิอาเซียนและสำนักเลขาธิการอาเซียน"),
    "target_participants": (
        "องค์กรภาคประชาสังคมเกือบ 50 องค์กรจากประเทศสมาชิกอาเซียน แบ่งเป็นสามกลุ่มย่อย กลุ่มละประมาณ 15 องค์กร "
        "ที่ทำงานด้าน:\n\n- การเสริมพลังสตรี\n- การพัฒนาชนบท\n- การพัฒนาวิสาหกิจรายย่อย ขนาดเล็กและขนาดกลาง\n\n"
        "ผู้สังเกตการณ์จากมูลนิธิอาเซียนและสำนักเลขาธิการอาเซียนเข้าร่วมการประชุมเต็มคณะ"),
    "themes": "การเสริมพลังสตรี\nการพัฒนาชนบท\nการพัฒนาวิสาหกิจรายย่อย ขนาดเล็กและขนาดกลาง",
}
ITEM_TITLES = {
    "Registration": "ลงทะเบียน",
    "Plenary opening": "เปิดการประชุมเต็มคณะ",
    "Coffee break": "พักดื่มกาแฟ",
    "Lunch": "รับประทานอาหารกลางวัน",
    "Closing and next steps in the series": "ปิดการประชุมและก้าวต่อไปของเวทีชุดนี้",
}
CLUSTER_NAMES = {
    "Women empowerment": "การเสริมพลังสตรี",
    "Rural development": "การพัฒนาชนบท",
    "MSME development": "การพัฒนาวิสาหกิจรายย่อย ขนาดเล็กและขนาดกลาง",
}


def load_thai_versions(forum: Forum) -> None:
    """Make the forum bilingual (English, then Thai) and write its Thai versions."""
    forum.languages = ["en", "th"]
    texts = {(FORUM, forum.id, name): text for name, text in FORUM_TEXTS.items()}
    for item_id, title in db.session.execute(select(AgendaItem.id, AgendaItem.title)
                                             .where(AgendaItem.forum_id == forum.id)):
        if title in ITEM_TITLES:
            texts[(ITEM, item_id, "title")] = ITEM_TITLES[title]
    for cluster_id, name in db.session.execute(select(Cluster.id, Cluster.name).where(Cluster.forum_id == forum.id)):
        if name in CLUSTER_NAMES:
            texts[(CLUSTER, cluster_id, "name")] = CLUSTER_NAMES[name]
    save_versions(forum, "th", texts)
