"""The five built-in plan templates, one per plan kind, as plan specs (see spec.py).

Facts, rules and numbers come from docs/DOMAIN.md and its source document; the wording
is the project's own. Section bodies use only the tags the rich-text sanitiser keeps
(p, ul, ol, li, strong, em, table, thead, tbody, tr, th, td), without attributes.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BuiltinTemplate:
    key: str
    name: object
    description: object
    spec: dict


# ---------------------------------------------------------------------------
# 1. Health-management franchise strategy
# ---------------------------------------------------------------------------

FRANCHISE_SPEC = {
    "kind": "franchise",
    "title": "健康管理公司全省特许加盟营销战略方案（2007—2009）",
    "start_date": "2007-09-01",
    "end_date": "2009-08-31",
    "anchor_date": None,
    "budget_total": None,
    "goals": [
        {"metric": "渠道市场占有率", "target_value": "80", "unit": "%", "due_date": None},
        {
            "metric": "进入全省地级市场数量（三年内全覆盖）",
            "target_value": "13",
            "unit": "个",
            "due_date": "2009-08-31",
        },
        {
            "metric": "三年内成为区域健康管理行业第一品牌",
            "target_value": None,
            "unit": "",
            "due_date": None,
        },
        {
            "metric": "每年推出新产品或新技术（不少于3项，争取5项）",
            "target_value": "3",
            "unit": "项/年",
            "due_date": None,
        },
    ],
    "stages": [
        {
            "name": "第一阶段：打牢根基，建成4–5个样板市场",
            "start_date": "2007-09-01",
            "end_date": "2007-12-31",
            "cumulative_target": "4",
        },
        {
            "name": "第二阶段：稳中求进，新增8–10个强势市场并规范加盟体系",
            "start_date": "2008-01-01",
            "end_date": "2008-07-31",
            "cumulative_target": "12",
        },
        {
            "name": "第三阶段：快速扩张，覆盖全省13个地级市场",
            "start_date": "2008-08-01",
            "end_date": "2009-08-31",
            "cumulative_target": "13",
        },
    ],
    "sections": [
        {
            "title": "营销目标与策划原则",
            "body_html": (
                "<p>本方案以全省为主战场，用两年时间分三个阶段推进特许加盟，"
                "三年内完成全省布局。</p>"
                "<ul>"
                "<li>渠道市场占有率力争达到<strong>80%</strong>;</li>"
                "<li>三年内进入全省全部<strong>13个</strong>地级市场；</li>"
                "<li>三年内成为区域健康管理行业的<strong>第一品牌</strong>;</li>"
                "<li>把公司办成培养培训、营销、管理人才的基地，"
                "并成为合作医院市场部的外延机构。</li>"
                "</ul>"
                "<p>策划原则：以医院渠道为切入点；因地制宜，借助健康教育协会、"
                "地方媒体与公关资源及本地服务便利；集中人财物重点突破，"
                "不四面出击。</p>"
            ),
        },
        {
            "title": "市场细分与目标市场",
            "body_html": (
                "<p>健康管理服务按<strong>心理因素</strong>和<strong>行为因素</strong>"
                "细分市场：</p>"
                "<ul>"
                "<li>心理因素：客户的生活方式与健康观念；</li>"
                "<li>行为因素：购买动机、期望获得的利益、对品牌的忠诚程度。</li>"
                "</ul>"
                "<p>首批目标市场为区域市场和团体客户（银行、保险公司等）。"
                "由于资源有限，采用<strong>集中性营销</strong>：优先进入省内经济条件较好的"
                "城市，集中服务少数性质相近的子市场，以专业化服务先取得有利地位。</p>"
            ),
        },
        {
            "title": "产品策略",
            "body_html": (
                "<p><strong>有形产品</strong>：定位实惠、实用，围绕体检、陪诊、护理、"
                "系列健康管理和健康礼品展开，按地区需求设计不同组合，"
                "同一系列采用统一包装和视觉形象。</p>"
                "<table><thead><tr><th>档次</th><th>比重</th><th>作用</th></tr></thead>"
                "<tbody>"
                "<tr><td>中、低档</td><td>主力</td>"
                "<td>扩大市场占有率，保证加盟商利润</td></tr>"
                "<tr><td>高档</td><td>少量</td><td>提升品牌与企业形象</td></tr>"
                "</tbody></table>"
                "<p><strong>无形产品</strong>：进入第二阶段后，经营重点从具体服务转向"
                "品牌、整套特许经营管理模式及品牌使用权。</p>"
                "<p>每年保证推出<strong>3–5项</strong>新产品或新技术。</p>"
            ),
        },
        {
            "title": "价格策略",
            "body_html": (
                "<ul>"
                "<li><strong>中、低档产品</strong>：面向重实惠、图方便的客户，"
                "采用单品定价，明码标价、价格透明；</li>"
                "<li><strong>高档产品</strong>：面向重品质与身份的客户，"
                "采用缓慢撇脂定价，优质优价；</li>"
                "<li>持续跟踪市场环境和竞争对手（含替代产品）的变化，可适当调整价格和"
                "产品政策，但<strong>同一产品任意12个月内最多调价一次</strong>。</li>"
                "</ul>"
            ),
        },
        {
            "title": "渠道策略与特许加盟模式",
            "body_html": (
                "<p>根据产品特点、经营规模和目标市场，提供两种加盟模式：</p>"
                "<table><thead><tr><th>模式</th><th>投资方式</th><th>费用与收益</th>"
                "</tr></thead><tbody>"
                "<tr><td>A 加盟商独资</td><td>团队和资金全部由加盟商投入</td>"
                "<td>缴纳加盟费和区域市场保证金，按公司市场激励政策获得收益</td></tr>"
                "<tr><td>B 合作投资</td><td>公司以品牌等无形资产投入</td>"
                "<td>加盟费含人员培训、市场拓展支持及按加盟费一定比例配给的公司产品；"
                "公司每月收取特许权使用费 = 费率 × 加盟商当月营业额</td></tr>"
                "</tbody></table>"
                "<p><strong>区域保护</strong>：每个区域只授权一家加盟商，"
                "任一日期同一区域最多一份有效加盟协议。</p>"
                "<p>渠道成熟后，总部专注于产品开发、品牌管理、医院渠道管理、"
                "素材供应和专业人才培训。</p>"
            ),
        },
        {
            "title": "推广策略",
            "body_html": (
                "<p>广告分三步走：</p>"
                "<ol>"
                "<li><strong>切入期</strong>：投入最大，多种媒体组合、高频投放，"
                "突出与同类产品的差异，讲清健康管理理念和企业历程，"
                "并大力宣传商标；</li>"
                "<li><strong>保牌期</strong>：费用与频率低于切入期，媒体有所侧重，"
                "巩固已有市场，引导客户认牌购买；</li>"
                "<li><strong>提升期</strong>：费用与频率再次提高，集中于强势媒体，"
                "创意广告与新闻软文交替使用，树立强势品牌。</li>"
                "</ol>"
                "<p>公关与招商活动：第一阶段至第二阶段前期举办<strong>3场</strong>"
                "“健康管理公司行”巡回推介；第二阶段后期至第三阶段举办<strong>3场</strong>"
                "特许加盟说明会。同时维护与银行、保险公司的关系，向大型企事业单位推介；"
                "在目标市场投放宣传页和POP广告。</p>"
            ),
        },
        {
            "title": "竞争策略与总部支持",
            "body_html": (
                "<p>公司在规模、新产品和占有率上处于领先，采取<strong>市场领先者</strong>"
                "策略：</p>"
                "<ul>"
                "<li>强化定位，在宣传中持续突出领先地位；</li>"
                "<li>用健康管理系列软文和新闻报道扩大行业总需求；</li>"
                "<li>严抓服务质量，以质取胜；</li>"
                "<li>持续创新，每年至少3项新产品或新技术。</li>"
                "</ul>"
                "<p>总部对加盟商的支持：统一标识、形象、管理体系和运作模式；"
                "管理制度与人员培训；严格的区域保护；网站本地站点、预约挂号和"
                "问诊咨询系统及其维护升级；共享专家资源。</p>"
            ),
        },
        {
            "title": "医院渠道支持：13项服务目录",
            "body_html": (
                "<p>公司在规划、拓展市场、品牌宣传、客户维护、科室辅导和员工培训六个方面"
                "为合作医院提供支持。每项服务按医院和区域逐次登记交付情况。</p>"
                "<ol>"
                "<li>调研医疗服务需求和各医院经营状况，研判区域竞争走势；</li>"
                "<li>协助编制医疗服务营销计划及配套规章制度；</li>"
                "<li>出具区域医疗市场分析，给出服务改进意见，并在市场部与各科室之间居中协调；</li>"
                "<li>建立重点客户档案，做好大客户关系管理和满意度分析；</li>"
                "<li>借助媒体、健康讲座、义诊和联合活动推广医疗服务项目；</li>"
                "<li>与市场部一起走访客户和市场、设置宣传栏，提升医院知名度；</li>"
                "<li>协同维护与卫生行政部门、社保医保机构、保险公司、社会团体及"
                "周边单位的关系；</li>"
                "<li>在服务半径内的居民点设立卫生服务联系点，开展项目合作；</li>"
                "<li>依托公司网站建立医院渠道数据库，分析客户信息并提供营销资讯；</li>"
                "<li>为医护及其他人员开展营销培训，指导科室营销技能训练；</li>"
                "<li>协助提供诊前、诊中、诊后一体化服务，督促科室落实市场政策；</li>"
                "<li>对院外服务网点的设置做市场调查和可行性分析；</li>"
                "<li>协助建立双向转诊协调机制。</li>"
                "</ol>"
            ),
        },
    ],
    "work_groups": [
        {
            "name": "特许加盟推进领导小组",
            "group_kind": "leadership",
            "leader": "总经理",
            "deputy": "市场部经理",
            "members": "招商部经理、医院渠道部经理、品牌推广主管、培训部经理",
            "duties": "审定各阶段目标和市场布局；审批加盟协议和区域划分；"
            "监督区域保护和调价规则的执行；每阶段末检查里程碑。",
        },
        {
            "name": "招商加盟组",
            "group_kind": "subgroup",
            "leader": "招商部经理",
            "deputy": "",
            "members": "招商专员",
            "duties": "筹办巡回推介和加盟说明会；洽谈、签订加盟协议；"
            "收取加盟费和区域保证金；核对加盟商月营业额并出具特许权使用费账单。",
        },
        {
            "name": "医院渠道支持组",
            "group_kind": "subgroup",
            "leader": "医院渠道部经理",
            "deputy": "",
            "members": "渠道专员",
            "duties": "按13项服务目录为合作医院提供支持，逐次登记服务内容、医院和区域。",
        },
        {
            "name": "品牌推广组",
            "group_kind": "subgroup",
            "leader": "品牌推广主管",
            "deputy": "",
            "members": "文案、媒介专员",
            "duties": "按三步广告策略排期投放；撰写健康管理系列软文；制作宣传页和POP物料。",
        },
    ],
    "tasks": [
        {
            "title": "确定首批样板市场并完成加盟商筛选",
            "owner_name": "招商部经理",
            "due_date": "2007-09-30",
            "status": "todo",
        },
        {
            "title": "第1场“健康管理公司行”巡回推介",
            "owner_name": "招商加盟组",
            "due_date": "2007-10-20",
            "status": "todo",
        },
        {
            "title": "第2场“健康管理公司行”巡回推介",
            "owner_name": "招商加盟组",
            "due_date": "2007-12-08",
            "status": "todo",
        },
        {
            "title": "制定年度新产品/新技术计划（3–5项）",
            "owner_name": "市场部经理",
            "due_date": "2008-01-15",
            "status": "todo",
        },
        {
            "title": "第3场“健康管理公司行”巡回推介",
            "owner_name": "招商加盟组",
            "due_date": "2008-03-15",
            "status": "todo",
        },
        {
            "title": "发布标准化加盟手册和区域保护细则",
            "owner_name": "市场部经理",
            "due_date": "2008-05-31",
            "status": "todo",
        },
        {
            "title": "第1场特许加盟说明会",
            "owner_name": "招商加盟组",
            "due_date": "2008-06-28",
            "status": "todo",
        },
        {
            "title": "年度价格复核（同一产品12个月内最多调价一次）",
            "owner_name": "市场部经理",
            "due_date": "2008-08-31",
            "status": "todo",
        },
        {
            "title": "第2场特许加盟说明会",
            "owner_name": "招商加盟组",
            "due_date": "2008-11-15",
            "status": "todo",
        },
        {
            "title": "第3场特许加盟说明会",
            "owner_name": "招商加盟组",
            "due_date": "2009-04-18",
            "status": "todo",
        },
    ],
    "budget_lines": [],
    "materials": [
        {"item": "产品宣传页", "quantity": None, "assignee": "品牌推广组", "status": "needed"},
        {
            "item": "目标市场POP广告物料",
            "quantity": None,
            "assignee": "品牌推广组",
            "status": "needed",
        },
        {
            "item": "巡回推介展架与背景板",
            "quantity": None,
            "assignee": "招商加盟组",
            "status": "needed",
        },
        {
            "item": "加盟说明会资料包（加盟手册、协议范本）",
            "quantity": None,
            "assignee": "招商加盟组",
            "status": "needed",
        },
        {
            "item": "医院渠道服务登记表",
            "quantity": None,
            "assignee": "医院渠道支持组",
            "status": "needed",
        },
    ],
    "extra": {},
}


# ---------------------------------------------------------------------------
# 2. Insurance sales contest
# ---------------------------------------------------------------------------

CONTEST_SPEC = {
    "kind": "contest",
    "title": "个险期交新单保费冲刺竞赛方案（16天冲刺50万元）",
    "start_date": "2005-10-10",
    "end_date": "2005-10-25",
    "anchor_date": None,
    "budget_total": None,
    "goals": [
        {
            "metric": "个险期交新单保费",
            "target_value": "500000",
            "unit": "元",
            "due_date": "2005-10-25",
        },
    ],
    "stages": [
        {
            "name": "第一阶段：全面动员，拿下四分之一",
            "start_date": "2005-10-10",
            "end_date": "2005-10-13",
            "cumulative_target": "125000",
        },
        {
            "name": "第二阶段：人人出单，累计过半",
            "start_date": "2005-10-14",
            "end_date": "2005-10-17",
            "cumulative_target": "250000",
        },
        {
            "name": "第三阶段：咬紧目标，完成四分之三",
            "start_date": "2005-10-18",
            "end_date": "2005-10-21",
            "cumulative_target": "375000",
        },
        {
            "name": "第四阶段：全力冲刺，达成全部目标",
            "start_date": "2005-10-22",
            "end_date": "2005-10-25",
            "cumulative_target": "500000",
        },
    ],
    "sections": [
        {
            "title": "竞赛背景与目标",
            "body_html": (
                "<p>为确保分公司年度个险期交任务如期完成，营业部须在10月25日前补齐"
                "调整后的目标差额。竞赛期为<strong>2005年10月10日至10月25日</strong>,"
                "共16天。</p>"
                "<p>竞赛目标：个险期交新单保费<strong>500000元</strong>。"
                "全员参与，兼职人员同样分解任务、落实到人。</p>"
            ),
        },
        {
            "title": "阶段安排与进度检查点",
            "body_html": (
                "<p>四个阶段首尾相接、互不重叠，每个阶段末按累计保费检查进度。</p>"
                "<table><thead><tr><th>阶段</th><th>日期</th><th>累计目标（元）</th>"
                "<th>占总目标</th></tr></thead><tbody>"
                "<tr><td>第一阶段</td><td>10月10日—10月13日</td><td>125000</td>"
                "<td>1/4</td></tr>"
                "<tr><td>第二阶段</td><td>10月14日—10月17日</td><td>250000</td>"
                "<td>1/2</td></tr>"
                "<tr><td>第三阶段</td><td>10月18日—10月21日</td><td>375000</td>"
                "<td>3/4</td></tr>"
                "<tr><td>第四阶段</td><td>10月22日—10月25日</td><td>500000</td>"
                "<td>全部</td></tr>"
                "</tbody></table>"
            ),
        },
        {
            "title": "团队达标奖励",
            "body_html": (
                "<p>适用于现有<strong>6个</strong>坚持召开二次早会的团队，"
                "按竞赛期内团队累计个险期交保费计算，只按达到的最高一档发放，"
                "奖金计入团队经费。</p>"
                "<table><thead><tr><th>团队累计保费</th><th>团队经费奖励（元）</th>"
                "</tr></thead><tbody>"
                "<tr><td>≥ 50000元</td><td>200</td></tr>"
                "<tr><td>≥ 80000元</td><td>500</td></tr>"
                "<tr><td>≥ 150000元</td><td>1000</td></tr>"
                "</tbody></table>"
            ),
        },
        {
            "title": "个人达标奖励",
            "body_html": (
                "<table><thead><tr><th>序号</th><th>条件（竞赛期内个险期交保费）</th>"
                "<th>奖品</th></tr></thead><tbody>"
                "<tr><td>1</td><td>每出一单</td><td>台历一份，先出单先得，发完即止</td></tr>"
                "<tr><td>2</td><td>≥ 3000元</td><td>玲珑碗一套</td></tr>"
                "<tr><td>3</td><td>≥ 5000元</td><td>盒装皮带一套或玲珑碗两套，"
                "由业务员任选</td></tr>"
                "<tr><td>4</td><td>≥ 20000元</td><td>300元餐券（或等值年货）</td></tr>"
                "<tr><td>5</td><td>≥ 40000元</td><td>海南旅游</td></tr>"
                "</tbody></table>"
                "<ul>"
                "<li>第1—3项可以叠加领取；</li>"
                "<li>第4、5项不叠加，只取最高一项，且<strong>仅在营业部达成500000元"
                "目标后</strong>发放；</li>"
                "<li>第4、5项本人不领取的，可转让给本人指定的一位身体健康的成年人，"
                "或按旅行社报给分公司的标准折算现金。</li>"
                "</ul>"
            ),
        },
        {
            "title": "业绩口径与考核纪律",
            "body_html": (
                "<ul>"
                "<li>只统计竞赛期内在CBPS系统实际出单的保单；</li>"
                "<li>每件期交保单须附加一张卡式保单，未附加的不计入；</li>"
                "<li>个人最低目标：专职人员<strong>5000元</strong>,"
                "兼职人员<strong>3000元</strong>;</li>"
                "<li>8月、9月、10月均无业绩的人员一律清理代码，"
                "系统提前列出风险名单供主管辅导；</li>"
                "<li>公司<strong>每4天</strong>对各团队考核一次(10月13日、17日、21日、"
                "25日)，逐队分析差距并通报。</li>"
                "</ul>"
            ),
        },
        {
            "title": "过程追踪与督导",
            "body_html": (
                "<p>逐级追踪活动量，使每个人每天都有目标、有行动：</p>"
                "<ul>"
                "<li>营销部经理每天追踪分处以上主管；</li>"
                "<li>讲师、组训追踪各组经理；</li>"
                "<li>各经理追踪本单位的重点培养对象（绩优业务员和骨干主管）；</li>"
                "<li>各级主管追踪所属业务员，并填写<strong>追踪登记表</strong>"
                "（拜访量、参会情况、备注）。</li>"
                "</ul>"
                "<p>各团队认真开好二次早会，做好陪访和辅导，"
                "杜绝消极言论，全员聚焦50万元目标。</p>"
            ),
        },
        {
            "title": "说明会与产品宣导",
            "body_html": (
                "<ul>"
                "<li>举办<strong>鸿禧</strong>产品说明会、<strong>鸿鑫</strong>产品说明会"
                "各一场；</li>"
                "<li>业务伙伴有需要时，可另办家庭说明会；</li>"
                "<li>结合诚信服务宣传和问卷调查宣导新产品，"
                "为伙伴积累准客户和转介绍名单。</li>"
                "</ul>"
            ),
        },
    ],
    "work_groups": [
        {
            "name": "竞赛领导小组",
            "group_kind": "leadership",
            "leader": "营销部经理",
            "deputy": "营销部副经理",
            "members": "各团队主管、讲师、组训、宣传专员、内勤主管",
            "duties": "统筹竞赛全局，分解目标到团队和个人，审定阶段考核结果和奖励发放。",
        },
        {
            "name": "追踪督察组",
            "group_kind": "subgroup",
            "leader": "营销部经理",
            "deputy": "",
            "members": "各职级主管",
            "duties": "电话追踪和会议追踪，提醒各人目标进度，督促填写追踪登记表。",
        },
        {
            "name": "宣传战报组",
            "group_kind": "subgroup",
            "leader": "宣传专员",
            "deputy": "",
            "members": "宣传助理2名",
            "duties": "布置职场和楼道竞赛氛围；多渠道收集业绩数据，每天编发战报。",
        },
        {
            "name": "晨会策划组",
            "group_kind": "subgroup",
            "leader": "组训",
            "deputy": "",
            "members": "营销部副经理、宣传专员、宣传助理",
            "duties": "按竞赛节奏策划每日晨会内容，协调各环节人员分工。",
        },
        {
            "name": "技术支援组",
            "group_kind": "subgroup",
            "leader": "营销部副经理",
            "deputy": "",
            "members": "讲师、各级主管",
            "duties": "策划并落实产品说明会；开发产品组合和销售话术；制作建议书；陪访大客户。",
        },
        {
            "name": "后勤保障组",
            "group_kind": "subgroup",
            "leader": "内勤主管",
            "deputy": "",
            "members": "出单内勤、核保内勤",
            "duties": "保证出单时效，及时落实体检件和生调件，需要时安排24小时出单；"
            "保障奖品等物资供应。",
        },
    ],
    "tasks": [
        {
            "title": "竞赛启动动员会，目标分解到团队和个人",
            "owner_name": "营销部经理",
            "due_date": "2005-10-10",
            "status": "todo",
        },
        {
            "title": "完成职场和楼道竞赛氛围布置",
            "owner_name": "宣传战报组",
            "due_date": "2005-10-10",
            "status": "todo",
        },
        {
            "title": "鸿禧产品说明会",
            "owner_name": "技术支援组",
            "due_date": "2005-10-12",
            "status": "todo",
        },
        {
            "title": "第1次考核与分析（累计目标125000元）",
            "owner_name": "追踪督察组",
            "due_date": "2005-10-13",
            "status": "todo",
        },
        {
            "title": "第2次考核与分析（累计目标250000元）",
            "owner_name": "追踪督察组",
            "due_date": "2005-10-17",
            "status": "todo",
        },
        {
            "title": "鸿鑫产品说明会",
            "owner_name": "技术支援组",
            "due_date": "2005-10-19",
            "status": "todo",
        },
        {
            "title": "第3次考核与分析（累计目标375000元）",
            "owner_name": "追踪督察组",
            "due_date": "2005-10-21",
            "status": "todo",
        },
        {
            "title": "第4次考核与分析（总目标500000元）",
            "owner_name": "追踪督察组",
            "due_date": "2005-10-25",
            "status": "todo",
        },
        {
            "title": "每日编发竞赛战报（竞赛期内每天一期）",
            "owner_name": "宣传战报组",
            "due_date": "2005-10-25",
            "status": "todo",
        },
        {
            "title": "列出8—10月无业绩人员名单（清理代码预警）",
            "owner_name": "追踪督察组",
            "due_date": "2005-10-25",
            "status": "todo",
        },
        {
            "title": "核算团队与个人达标奖励",
            "owner_name": "竞赛领导小组",
            "due_date": "2005-10-25",
            "status": "todo",
        },
    ],
    "budget_lines": [],
    "materials": [
        {
            "item": "台历（出单奖，发完即止）",
            "quantity": None,
            "assignee": "后勤保障组",
            "status": "needed",
        },
        {"item": "玲珑碗（套）", "quantity": None, "assignee": "后勤保障组", "status": "needed"},
        {"item": "盒装皮带（套）", "quantity": None, "assignee": "后勤保障组", "status": "needed"},
        {"item": "300元餐券", "quantity": None, "assignee": "后勤保障组", "status": "needed"},
        {"item": "追踪登记表", "quantity": None, "assignee": "追踪督察组", "status": "needed"},
        {"item": "战报展板", "quantity": None, "assignee": "宣传战报组", "status": "needed"},
    ],
    "extra": {
        "team_tiers": [
            {"threshold": "50000", "reward": "200"},
            {"threshold": "80000", "reward": "500"},
            {"threshold": "150000", "reward": "1000"},
        ],
        "individual_tiers": [
            {
                "level": 1,
                "threshold": None,
                "per_policy": True,
                "prize": "台历一份",
                "value": None,
                "stacks": True,
                "while_stock_lasts": True,
                "requires_department_goal": False,
                "transferable": False,
            },
            {
                "level": 2,
                "threshold": "3000",
                "per_policy": False,
                "prize": "玲珑碗一套",
                "value": None,
                "stacks": True,
                "while_stock_lasts": False,
                "requires_department_goal": False,
                "transferable": False,
            },
            {
                "level": 3,
                "threshold": "5000",
                "per_policy": False,
                "prize": "盒装皮带一套或玲珑碗两套（任选）",
                "value": None,
                "stacks": True,
                "while_stock_lasts": False,
                "requires_department_goal": False,
                "transferable": False,
            },
            {
                "level": 4,
                "threshold": "20000",
                "per_policy": False,
                "prize": "餐券",
                "value": "300",
                "stacks": False,
                "while_stock_lasts": False,
                "requires_department_goal": True,
                "transferable": True,
            },
            {
                "level": 5,
                "threshold": "40000",
                "per_policy": False,
                "prize": "海南旅游",
                "value": None,
                "stacks": False,
                "while_stock_lasts": False,
                "requires_department_goal": True,
                "transferable": True,
            },
        ],
        "min_target": {"full_time": "5000", "part_time": "3000"},
    },
}


# ---------------------------------------------------------------------------
# 3. Decoration company promotional event
# ---------------------------------------------------------------------------

DECORATION_EVENT_SPEC = {
    "kind": "decoration_event",
    "title": "力天装饰“新春装修享特权 疯狂豪礼限时抢”促销活动方案",
    "start_date": None,
    "end_date": None,
    "anchor_date": None,
    "budget_total": None,
    "goals": [
        {"metric": "活动当天签单客户", "target_value": None, "unit": "户", "due_date": None},
        {"metric": "收集有效客户资料", "target_value": None, "unit": "份", "due_date": None},
        {"metric": "售出51卡", "target_value": None, "unit": "张", "due_date": None},
    ],
    "stages": [],
    "sections": [
        {
            "title": "活动概况",
            "body_html": (
                "<ul>"
                "<li>主题：<strong>新春装修享特权 疯狂豪礼限时抢</strong>;</li>"
                "<li>主办：力天装饰；协办单位和参展建材商家：待定；</li>"
                "<li>时间、地点：待定（确定后填写活动日期，倒排工作计划随之生效）。</li>"
                "</ul>"
                "<p>思路：活动前多渠道预热，用购卡、签单折扣、团购和抽奖等优惠吸引"
                "有装修需求的业主到场；现场展示设计作品、提供免费家装咨询、"
                "展销建材，设计师与客户面对面沟通，促成签单。</p>"
            ),
        },
        {
            "title": "活动目的",
            "body_html": (
                "<ol>"
                "<li>提高公司知名度和美誉度，扩大行业影响；</li>"
                "<li>展示设计理念，普及家装知识，用优惠聚集现场客流；</li>"
                "<li>收集客户资料，扩充客户储备；</li>"
                "<li>当场签单，带来直接收益。</li>"
                "</ol>"
            ),
        },
        {
            "title": "前期宣传渠道",
            "body_html": (
                "<ul>"
                "<li>DM单页：在人流密集处定点派发；</li>"
                "<li>短信：向意向客户和老客户推送活动信息；</li>"
                "<li>外展点：在繁华地段设咨询展位；</li>"
                "<li>扫楼：到近期交房的新楼盘上门宣传并设外展点；</li>"
                "<li>拱门：在市区主要路口设置；</li>"
                "<li>电梯轿厢广告；</li>"
                "<li>报纸等纸媒；</li>"
                "<li>网络媒体。</li>"
                "</ul>"
                "<p>每条客户线索都登记带来它的渠道，活动后据此评估各渠道效果。</p>"
            ),
        },
        {
            "title": "活动流程与时间控制",
            "body_html": (
                "<table><thead><tr><th>环节</th><th>内容</th><th>时长</th></tr></thead>"
                "<tbody>"
                "<tr><td>开场</td><td>主持人介绍流程、主题和优惠力度</td><td>—</td></tr>"
                "<tr><td>家装咨询</td><td>资深设计师用图文讲解家装常识、正规公司与"
                "游击队的区别、公司装修模式和收费标准（约10分钟），"
                "随后现场答疑（5分钟）</td><td>不超过15分钟</td></tr>"
                "<tr><td>商家介绍</td><td>合作建材商家按预定顺序介绍产品</td>"
                "<td>每家不超过10分钟</td></tr>"
                "<tr><td>签单抽奖</td><td>签单客户参加抽奖</td><td>—</td></tr>"
                "<tr><td>自由洽谈</td><td>设计师一对一沟通，带意向客户参观样板间</td>"
                "<td>—</td></tr>"
                "</tbody></table>"
            ),
        },
        {
            "title": "优惠政策",
            "body_html": (
                "<ol>"
                "<li><strong>购卡有礼</strong>：购买“51卡”的客户当天领取价值100元的"
                "礼品；当天签单的，此卡可抵1000元装修款；</li>"
                "<li><strong>签单优惠</strong>：活动期间签单，合同总额享受X%优惠"
                "（X待定，活动前确定）；</li>"
                "<li><strong>团购有礼</strong>：同一小区的客户在活动中签单，"
                "每户获得一张现金抵用券（品牌和面值待定）；</li>"
                "<li><strong>砸金蛋</strong>：前30名签单客户各砸一次金蛋，"
                "每个金蛋都有奖；</li>"
                "<li><strong>征集样板房</strong>：前5名签单客户各获赠价值约1000元的"
                "家电大礼包。</li>"
                "</ol>"
            ),
        },
        {
            "title": "现场布置",
            "body_html": (
                "<ul>"
                "<li>入口设拱门和立柱，安排接待人员引导入场；</li>"
                "<li>背景画面约3m×5m（以场地实际尺寸为准），配活动海报和X展架；</li>"
                "<li>作品展示：效果图与实景图对照，注明设计说明、房型和装修投资额；</li>"
                "<li>建材商家沿场地四周设咨询台，展示主打产品并接受订货；</li>"
                "<li>设洽谈区和客户休息区，准备电脑、音响；"
                "样板间布置欢迎画面和限时优惠信息。</li>"
                "</ul>"
            ),
        },
        {
            "title": "参展商家管理",
            "body_html": (
                "<ul>"
                "<li>参展商家须缴纳<strong>参展保证金</strong>并签订合作协议，"
                "未缴未签的不安排展位；</li>"
                "<li>商家在活动中公布各自的优惠措施，提供免费咨询并接受现场订货；</li>"
                "<li>商家收集的客户资料按协议与主办方共享。</li>"
                "</ul>"
            ),
        },
        {
            "title": "客户资料与线索跟进",
            "body_html": (
                "<p>设计师和业务人员现场与每位客户填写<strong>客户资料表</strong>:"
                "姓名、电话、小区、户型与面积、预算、意向程度、来源渠道、对接设计师。</p>"
                "<p>活动次日整理资料、分配到人；未签单的意向客户在一周内完成首轮回访，"
                "跟进结果记录在案。</p>"
            ),
        },
    ],
    "work_groups": [
        {
            "name": "活动领导小组",
            "group_kind": "leadership",
            "leader": "总经理",
            "deputy": "市场部经理",
            "members": "设计总监、招商主管、行政主管",
            "duties": "确定活动日期、地点和优惠力度；审定预算和合作商家；现场总指挥。",
        },
        {
            "name": "宣传推广组",
            "group_kind": "subgroup",
            "leader": "市场部经理",
            "deputy": "",
            "members": "市场专员、派单人员",
            "duties": "画面设计与制作；组织DM派发、短信、外展点、扫楼和各类广告投放。",
        },
        {
            "name": "设计咨询组",
            "group_kind": "subgroup",
            "leader": "设计总监",
            "deputy": "",
            "members": "设计师",
            "duties": "主讲家装咨询；布置作品展示；一对一接待客户并填写客户资料表；讲解样板间。",
        },
        {
            "name": "商家对接组",
            "group_kind": "subgroup",
            "leader": "招商主管",
            "deputy": "",
            "members": "招商专员",
            "duties": "邀约建材商家，收取参展保证金，签订合作协议，排定商家介绍顺序。",
        },
        {
            "name": "现场执行组",
            "group_kind": "subgroup",
            "leader": "行政主管",
            "deputy": "",
            "members": "接待人员、业务人员",
            "duties": "联系活动公司；现场布置、接待引导；管理奖品、金蛋和礼包；维持秩序。",
        },
    ],
    "tasks": [
        {
            "title": "完成活动画面和DM单页设计，联系制作单位",
            "owner_name": "宣传推广组",
            "offset_days": -20,
            "status": "todo",
        },
        {
            "title": "确定合作活动公司",
            "owner_name": "现场执行组",
            "offset_days": -18,
            "status": "todo",
        },
        {
            "title": "邀约参展商家，收取保证金并签订合作协议",
            "owner_name": "商家对接组",
            "offset_days": -14,
            "status": "todo",
        },
        {
            "title": "启动前期宣传（派单、短信、外展点、扫楼）",
            "owner_name": "宣传推广组",
            "offset_days": -10,
            "status": "todo",
        },
        {
            "title": "确定签单优惠比例和团购抵用券面值",
            "owner_name": "活动领导小组",
            "offset_days": -10,
            "status": "todo",
        },
        {
            "title": "排定活动当天及前期宣传人员分工",
            "owner_name": "活动领导小组",
            "offset_days": -7,
            "status": "todo",
        },
        {
            "title": "奖品、金蛋和千元大礼包到位",
            "owner_name": "现场执行组",
            "offset_days": -3,
            "status": "todo",
        },
        {
            "title": "现场布置，调试电脑和音响",
            "owner_name": "现场执行组",
            "offset_days": -1,
            "status": "todo",
        },
        {
            "title": "整理客户资料表并分配跟进人",
            "owner_name": "设计咨询组",
            "offset_days": 1,
            "status": "todo",
        },
        {
            "title": "完成意向客户首轮回访",
            "owner_name": "设计咨询组",
            "offset_days": 7,
            "status": "todo",
        },
    ],
    "budget_lines": [],
    "materials": [
        {"item": "DM单页", "quantity": None, "assignee": "宣传推广组", "status": "needed"},
        {"item": "拱门", "quantity": 1, "assignee": "现场执行组", "status": "needed"},
        {"item": "立柱", "quantity": None, "assignee": "现场执行组", "status": "needed"},
        {"item": "活动海报和X展架", "quantity": None, "assignee": "宣传推广组", "status": "needed"},
        {
            "item": "现场背景画面（约3m×5m）",
            "quantity": 1,
            "assignee": "宣传推广组",
            "status": "needed",
        },
        {"item": "51卡", "quantity": None, "assignee": "现场执行组", "status": "needed"},
        {
            "item": "购卡礼品（价值100元）",
            "quantity": None,
            "assignee": "现场执行组",
            "status": "needed",
        },
        {
            "item": "金蛋（每个都有奖）",
            "quantity": 30,
            "assignee": "现场执行组",
            "status": "needed",
        },
        {"item": "千元家电大礼包", "quantity": 5, "assignee": "现场执行组", "status": "needed"},
        {"item": "团购现金抵用券", "quantity": None, "assignee": "商家对接组", "status": "needed"},
        {"item": "客户资料表", "quantity": None, "assignee": "设计咨询组", "status": "needed"},
    ],
    "extra": {},
}


# ---------------------------------------------------------------------------
# 4. Mobile operator's Telecom Day event
# ---------------------------------------------------------------------------

TELECOM_DAY_SPEC = {
    "kind": "telecom_day",
    "title": "移动公司“电信日回报客户大酬宾”活动方案（5月17日）",
    "start_date": "2009-05-02",
    "end_date": "2009-05-31",
    "anchor_date": "2009-05-17",
    "budget_total": None,
    "goals": [
        {
            "metric": "活动当天到场人数",
            "target_value": "8000",
            "unit": "人",
            "due_date": "2009-05-17",
        },
        {
            "metric": "潜在客户二次开发率",
            "target_value": "90",
            "unit": "%",
            "due_date": "2009-05-31",
        },
    ],
    "stages": [
        {
            "name": "前期筹备与邀约",
            "start_date": "2009-05-02",
            "end_date": "2009-05-16",
            "cumulative_target": None,
        },
        {
            "name": "电信日现场活动",
            "start_date": "2009-05-17",
            "end_date": "2009-05-17",
            "cumulative_target": None,
        },
        {
            "name": "后续回访与二次开发",
            "start_date": "2009-05-18",
            "end_date": "2009-05-31",
            "cumulative_target": None,
        },
    ],
    "sections": [
        {
            "title": "活动概况",
            "body_html": (
                "<ul>"
                "<li>主题：<strong>电信日回报客户大酬宾</strong>;</li>"
                "<li>时间：2009年5月17日（星期日，街头人流多）；地点：兆康广场；</li>"
                "<li>形式：TD技术和无线上网演示、数据业务体验、现场办理业务、"
                "抽奖、客户回馈、联合促销；</li>"
                "<li>目的：借电信日带动销售，巩固并扩大客户群，提升公司影响力。</li>"
                "</ul>"
            ),
        },
        {
            "title": "活动对象与邀约",
            "body_html": (
                "<p>大型活动，到场人数<strong>不少于8000人</strong>,"
                "覆盖中心城区及一小时车程内的县市。</p>"
                "<ul>"
                "<li><strong>现有手机客户</strong>：短信通知活动内容；</li>"
                "<li><strong>潜在客户</strong>：组织50—100名业务人员带请柬、"
                "资料和小礼品登门拜访，做到全部送达；</li>"
                "<li><strong>过往群众</strong>：用现场氛围吸引，多多益善。</li>"
                "</ul>"
            ),
        },
        {
            "title": "前期造势",
            "body_html": (
                "<ul>"
                "<li>以赠送电信日礼品为由头，上门拜访新老客户及机关、企事业单位；</li>"
                "<li>在联谊会和拜访中动员老客户帮忙宣传；</li>"
                "<li>报纸软文，视情况加投夹报和电台；</li>"
                "<li>海报和宣传单<strong>1000份</strong>，投放到商业中心、人流密集处、"
                "公司周边居民区和新建小区，或随报刊夹送。</li>"
                "</ul>"
            ),
        },
        {
            "title": "筹备时间表（以活动日倒推）",
            "body_html": (
                "<p>所有期限都相对活动日计算，活动日期调整时期限随之顺延。</p>"
                "<table><thead><tr><th>时间</th><th>事项</th></tr></thead><tbody>"
                "<tr><td>提前15天</td><td>完成城管、工商、卫生、药监和消协等部门的"
                "审批或报备</td></tr>"
                "<tr><td>提前10天</td><td>宣传动员会：定主题、优惠政策、节目和流程，"
                "下达个人到场人数和销售任务及奖惩办法；联系订制礼品</td></tr>"
                "<tr><td>提前5天</td><td>二次动员：通报各地进展和个人预订销量排行</td></tr>"
                "<tr><td>提前3天</td><td>礼品全部到位</td></tr>"
                "<tr><td>提前2天</td><td>节目彩排、话术演练、音响调试</td></tr>"
                "<tr><td>提前1天</td><td>最后一次动员会：明确现场分工和突发情况"
                "应急预案；按平面图布置现场</td></tr>"
                "</tbody></table>"
            ),
        },
        {
            "title": "促销设计与现场分区",
            "body_html": (
                "<ol>"
                "<li>有奖问答：答对的客户参加幸运转盘抽奖；</li>"
                "<li>生日回馈：<strong>5月17日出生</strong>的客户凭身份证领取礼品，"
                "每张身份证限领一份；</li>"
                "<li>与家电商家合作，结合家电下乡补贴联合促销；</li>"
                "<li>与合作运营商联合推出固话+手机+宽带组合；</li>"
                "<li>安排文艺节目营造气氛。</li>"
                "</ol>"
                "<p>现场分为三个区：TD与无线上网演示区、数据业务体验区、业务受理区。</p>"
            ),
        },
        {
            "title": "活动当天执行",
            "body_html": (
                "<ul>"
                "<li>前一天按平面图完成布置，逐项落实仪器、音响和时间安排；</li>"
                "<li>当天早会：统一着装、提前到场、明确分工；</li>"
                "<li>专人看管礼品和货物；</li>"
                "<li>现场指挥随时总结问题、调整各环节。</li>"
                "</ul>"
            ),
        },
        {
            "title": "后续跟进",
            "body_html": (
                "<ol>"
                "<li>活动次日整理领取礼品的客户名单，评估分类后交客服中心归档录入；</li>"
                "<li>已办理业务的客户制定回访计划，潜在客户制定二次开发计划，"
                "两份名单<strong>分配到每一名员工</strong>;</li>"
                "<li>二次开发以上门了解使用情况和小型联谊会为主，"
                "二次开发率须达到<strong>90%</strong>;</li>"
                "<li>总结现场问题，组织促销培训；答谢配合活动的相关部门，"
                "把活动素材整理成案例和新闻稿。</li>"
                "</ol>"
            ),
        },
    ],
    "work_groups": [
        {
            "name": "活动领导小组",
            "group_kind": "leadership",
            "leader": "分公司总经理",
            "deputy": "市场部经理",
            "members": "各营业部主任、客服中心主任、办公室主任",
            "duties": "审定主题、优惠政策和个人任务；主持动员会；活动当天现场总指挥。",
        },
        {
            "name": "主持会务组",
            "group_kind": "subgroup",
            "leader": "专职主持人",
            "deputy": "会务主管",
            "members": "会务人员",
            "duties": "物品清单分工到人；节目彩排和音响调试；与场地管理方沟通；"
            "组织最后一次动员会和应急预案。",
        },
        {
            "name": "外联审批组",
            "group_kind": "subgroup",
            "leader": "办公室主任",
            "deputy": "",
            "members": "外联专员",
            "duties": "活动前15天办妥各部门审批；活动后答谢相关部门。",
        },
        {
            "name": "邀约拓展组",
            "group_kind": "subgroup",
            "leader": "渠道主管",
            "deputy": "",
            "members": "业务人员50—100名",
            "duties": "短信通知现有客户；携请柬和资料上门邀约潜在客户；统计个人预订销量。",
        },
        {
            "name": "客服跟进组",
            "group_kind": "subgroup",
            "leader": "客服中心主任",
            "deputy": "",
            "members": "客服专员",
            "duties": "受赠名单归档录入；分配回访和二次开发名单；统计二次开发率。",
        },
    ],
    "tasks": [
        {
            "title": "办妥城管、工商、卫生、药监和消协等审批手续",
            "owner_name": "外联审批组",
            "offset_days": -15,
            "status": "todo",
        },
        {
            "title": "宣传动员会：主题、优惠、节目流程、个人任务与奖惩办法",
            "owner_name": "活动领导小组",
            "offset_days": -10,
            "status": "todo",
        },
        {
            "title": "联系订制活动礼品和电信日大礼包",
            "owner_name": "主持会务组",
            "offset_days": -10,
            "status": "todo",
        },
        {
            "title": "短信通知现有客户，业务人员上门送请柬",
            "owner_name": "邀约拓展组",
            "offset_days": -7,
            "status": "todo",
        },
        {
            "title": "二次动员：通报进展和个人预订销量排行",
            "owner_name": "活动领导小组",
            "offset_days": -5,
            "status": "todo",
        },
        {"title": "礼品全部到位", "owner_name": "主持会务组", "offset_days": -3, "status": "todo"},
        {
            "title": "节目彩排、促销话术演练和音响调试",
            "owner_name": "主持会务组",
            "offset_days": -2,
            "status": "todo",
        },
        {
            "title": "最后一次动员会：现场分工和应急预案",
            "owner_name": "活动领导小组",
            "offset_days": -1,
            "status": "todo",
        },
        {
            "title": "按平面图布置现场并调试设备",
            "owner_name": "主持会务组",
            "offset_days": -1,
            "status": "todo",
        },
        {
            "title": "活动当天早会与现场执行",
            "owner_name": "活动领导小组",
            "offset_days": 0,
            "status": "todo",
        },
        {
            "title": "整理受赠客户名单，交客服中心归档录入",
            "owner_name": "客服跟进组",
            "offset_days": 1,
            "status": "todo",
        },
        {
            "title": "回访名单和二次开发名单分配到每名员工",
            "owner_name": "客服跟进组",
            "offset_days": 3,
            "status": "todo",
        },
        {
            "title": "统计二次开发率（目标90%）",
            "owner_name": "客服跟进组",
            "offset_days": 14,
            "status": "todo",
        },
    ],
    "budget_lines": [],
    "materials": [
        {"item": "请柬", "quantity": None, "assignee": "邀约拓展组", "status": "needed"},
        {
            "item": "自行车（抽奖奖品）",
            "quantity": None,
            "assignee": "主持会务组",
            "status": "needed",
        },
        {"item": "中国象棋", "quantity": None, "assignee": "主持会务组", "status": "needed"},
        {"item": "挂历", "quantity": None, "assignee": "主持会务组", "status": "needed"},
        {"item": "宣传单页", "quantity": None, "assignee": "邀约拓展组", "status": "needed"},
        {"item": "活动主题喷画", "quantity": None, "assignee": "主持会务组", "status": "needed"},
        {"item": "产品横幅和条幅", "quantity": None, "assignee": "主持会务组", "status": "needed"},
        {"item": "活动海报", "quantity": None, "assignee": "主持会务组", "status": "needed"},
        {
            "item": "最新一期杂志及专刊",
            "quantity": None,
            "assignee": "客服跟进组",
            "status": "needed",
        },
        {
            "item": "海报和宣传单（投放用）",
            "quantity": 1000,
            "assignee": "邀约拓展组",
            "status": "needed",
        },
        {"item": "电信日大礼包", "quantity": None, "assignee": "主持会务组", "status": "needed"},
        {"item": "幸运转盘", "quantity": 1, "assignee": "主持会务组", "status": "needed"},
    ],
    "extra": {},
}


# ---------------------------------------------------------------------------
# 5. Mobile operator's family-network bundle
# ---------------------------------------------------------------------------

FAMILY_BUNDLE_SPEC = {
    "kind": "family_bundle",
    "title": "亲友网营销包推广方案",
    "start_date": None,
    "end_date": None,
    "anchor_date": None,
    "budget_total": None,
    "goals": [
        {"metric": "售出营销包", "target_value": None, "unit": "包", "due_date": None},
        {"metric": "新增亲友网成员", "target_value": None, "unit": "人", "due_date": None},
    ],
    "stages": [],
    "sections": [
        {
            "title": "背景与目标",
            "body_html": (
                "<p>亲友网发展偏慢。本方案把亲友网包装成看得见、买得到的产品"
                "“营销包”（宣传资料、号码本、密码验证卡和外壳），"
                "由发起人召集常联系的亲友入网，让用户方便、快速地加入亲友网。</p>"
                "<p>目标：加快全地区亲友网组建，把营销包做成亲友网的品牌产品，"
                "提高知名度并稳定用户。</p>"
            ),
        },
        {
            "title": "产品档位",
            "body_html": (
                "<p>网内成员统一使用<strong>每月5元含300分钟</strong>的亲友网资费。"
                "包价 = 成员数 × 5元 × 6个月：预缴半年月费，再送半年，"
                "即一年免亲友网月费。渠道酬金为含税价。</p>"
                "<table><thead><tr><th>包价（元）</th><th>覆盖成员（人）</th>"
                "<th>优惠券（张）</th><th>渠道酬金（元/包）</th></tr></thead><tbody>"
                "<tr><td>300</td><td>10</td><td>5</td><td>30</td></tr>"
                "<tr><td>600</td><td>20</td><td>10</td><td>50</td></tr>"
                "<tr><td>900</td><td>30</td><td>15</td><td>80</td></tr>"
                "<tr><td>1500</td><td>50</td><td>20</td><td>150</td></tr>"
                "</tbody></table>"
            ),
        },
        {
            "title": "发起人规则与号码分配",
            "body_html": (
                "<ul>"
                "<li>发起人须召集<strong>至少10名</strong>有通话往来的移动用户，"
                "按人数购买覆盖得下的档位，一次性付清；</li>"
                "<li>短号从<strong>661001—661999</strong>中选取，由发起人挑选并分配，"
                "可选661888、661666、661999等靓号；同一网内短号不得重复；</li>"
                "<li>发起人的收益：短号互拨、节省话费，可为亲友代付网内费用。</li>"
                "</ul>"
            ),
        },
        {
            "title": "办理与开通流程",
            "body_html": (
                "<ol>"
                "<li>发起人填写《亲友网登记表》，受理人员核对手机号和短号后"
                "录入外挂登记平台；</li>"
                "<li>名单中已加入其他亲友网的用户<strong>不予受理</strong>,"
                "系统短信告知发起人该成员无法加入；</li>"
                "<li>分公司亲友网操作员新建亲友网并加入发起人，结果反馈短信平台；</li>"
                "<li>短信平台向每位成员发送确认短信，成员须在<strong>3天内</strong>"
                "确认，逾期视为放弃；</li>"
                "<li>确认结果汇总给分公司操作员，开通亲友网并在BOSS配置优惠；</li>"
                "<li>每天<strong>16:00前</strong>把无法加入的成员名单报集团客户室，"
                "由支撑中心处理后反馈。</li>"
                "</ol>"
            ),
        },
        {
            "title": "优惠券使用",
            "body_html": (
                "<ul>"
                "<li>优惠券用于登记时未能加入的亲友：发起人把券转赠朋友，"
                "朋友凭券到营业厅加入发起人的网，免一年月费；</li>"
                "<li>每张优惠券<strong>只能使用一次</strong>;</li>"
                "<li>之后没有优惠券的新成员按标准资费加入，可领取网内未用的短号。</li>"
                "</ul>"
            ),
        },
        {
            "title": "渠道销售、酬金与回收",
            "body_html": (
                "<ol>"
                "<li>市场部统一制作营销包；</li>"
                "<li>各县市分公司到市场部领取，逐笔登记；</li>"
                "<li>社会渠道按包价<strong>一次性买断</strong>预购；</li>"
                "<li>客户购买后，渠道当场请客户填好登记表，"
                "<strong>当天</strong>录入外挂登记网站；</li>"
                "<li>分公司指定人员定时办理开通；</li>"
                "<li>市场部按当月开通激活情况计算酬金，随放号酬金一起发放；</li>"
                "<li>登记表每月交回；阶段性回收时，按记录把未售库存按包价退款。</li>"
                "</ol>"
            ),
        },
        {
            "title": "渠道违规处罚",
            "body_html": (
                "<p>以下情形经核实后，每起一次性扣减渠道酬金：</p>"
                "<table><thead><tr><th>违规情形</th><th>扣罚（元）</th></tr></thead>"
                "<tbody>"
                "<tr><td>拆包零售</td><td>100</td></tr>"
                "<tr><td>误导客户购买或引起投诉</td><td>50</td></tr>"
                "<tr><td>资料错误引起客户投诉</td><td>50</td></tr>"
                "<tr><td>未及时录入引起客户投诉</td><td>50</td></tr>"
                "<tr><td>登记表遗失</td><td>该包酬金不发，另扣50</td></tr>"
                "</tbody></table>"
            ),
        },
    ],
    "work_groups": [
        {
            "name": "营销包推广领导小组",
            "group_kind": "leadership",
            "leader": "市场部经理",
            "deputy": "集团客户室主任",
            "members": "各县市分公司经理、支撑中心主任、渠道经理",
            "duties": "审定档位、酬金和处罚规则；统筹制作、发放和回收；按月核定酬金。",
        },
        {
            "name": "集团客户室",
            "group_kind": "subgroup",
            "leader": "集团客户室主任",
            "deputy": "",
            "members": "客户经理",
            "duties": "每天16:00汇总无法加入的成员名单，提交支撑中心并跟踪反馈。",
        },
        {
            "name": "分公司亲友网操作组",
            "group_kind": "subgroup",
            "leader": "分公司业务主管",
            "deputy": "",
            "members": "亲友网操作员",
            "duties": "定时受理外挂平台的开通申请，建网、加成员，在BOSS配置优惠。",
        },
        {
            "name": "渠道管理组",
            "group_kind": "subgroup",
            "leader": "渠道经理",
            "deputy": "",
            "members": "渠道专员",
            "duties": "登记营销包领取和买断；培训渠道；核查违规并扣罚；回收库存并退款。",
        },
    ],
    "tasks": [
        {
            "title": "设计制作营销包（宣传资料、号码本、密码验证卡、外壳）",
            "owner_name": "市场部经理",
            "offset_days": -15,
            "status": "todo",
        },
        {
            "title": "上线外挂登记平台和确认短信流程",
            "owner_name": "支撑中心主任",
            "offset_days": -10,
            "status": "todo",
        },
        {
            "title": "各县市分公司领取营销包并登记",
            "owner_name": "渠道管理组",
            "offset_days": -7,
            "status": "todo",
        },
        {
            "title": "培训社会渠道：办理流程、当天录入和处罚规定",
            "owner_name": "渠道管理组",
            "offset_days": -5,
            "status": "todo",
        },
        {
            "title": "社会渠道按包价买断预购",
            "owner_name": "渠道管理组",
            "offset_days": -3,
            "status": "todo",
        },
        {
            "title": "营销包正式上市",
            "owner_name": "营销包推广领导小组",
            "offset_days": 0,
            "status": "todo",
        },
        {
            "title": "首月酬金核算，回收登记表",
            "owner_name": "渠道管理组",
            "offset_days": 30,
            "status": "todo",
        },
    ],
    "budget_lines": [],
    "materials": [
        {"item": "营销包外壳", "quantity": None, "assignee": "市场部", "status": "needed"},
        {"item": "亲友网宣传资料", "quantity": None, "assignee": "市场部", "status": "needed"},
        {"item": "号码本", "quantity": None, "assignee": "市场部", "status": "needed"},
        {"item": "密码验证卡", "quantity": None, "assignee": "市场部", "status": "needed"},
        {"item": "《亲友网登记表》", "quantity": None, "assignee": "市场部", "status": "needed"},
        {"item": "优惠券", "quantity": None, "assignee": "市场部", "status": "needed"},
    ],
    "extra": {
        "tiers": [
            {"price": "300", "members": 10, "coupons": 5, "commission": "30"},
            {"price": "600", "members": 20, "coupons": 10, "commission": "50"},
            {"price": "900", "members": 30, "coupons": 15, "commission": "80"},
            {"price": "1500", "members": 50, "coupons": 20, "commission": "150"},
        ],
    },
}


BUILTIN_TEMPLATES: dict[str, BuiltinTemplate] = {
    template.key: template
    for template in (
        BuiltinTemplate(
            key="franchise",
            name=_("Franchise strategy (3 phases, 13 prefecture markets)"),
            description=_(
                "A two-year provincial franchise roll-out: model markets, strong markets, "
                "then fast growth, with pricing, franchise-model and hospital-support rules."
            ),
            spec=FRANCHISE_SPEC,
        ),
        BuiltinTemplate(
            key="contest",
            name=_("Sales contest (16 days, 500,000 goal)"),
            description=_(
                "A 16-day periodic-premium contest with four cumulative checkpoints, "
                "team and individual rewards, and five execution subgroups."
            ),
            spec=CONTEST_SPEC,
        ),
        BuiltinTemplate(
            key="decoration_event",
            name=_("Decoration promotion event (New Year offers)"),
            description=_(
                "A one-day showroom event with vendors, timed talks, signing offers and "
                "a countdown work plan; set the date and place to start the timeline."
            ),
            spec=DECORATION_EVENT_SPEC,
        ),
        BuiltinTemplate(
            key="telecom_day",
            name=_("Telecom Day event (17 May, 8,000 visitors)"),
            description=_(
                "A square event on Telecom Day with a preparation timeline counted back from "
                "the event date, promotions, materials and a 90 per cent follow-up target."
            ),
            spec=TELECOM_DAY_SPEC,
        ),
        BuiltinTemplate(
            key="family_bundle",
            name=_("Family-network bundle (4 tiers)"),
            description=_(
                "Prepaid family-network bundles sold through channels: four tiers, "
                "short-number and confirmation rules, commissions and penalties."
            ),
            spec=FAMILY_BUNDLE_SPEC,
        ),
    )
}
