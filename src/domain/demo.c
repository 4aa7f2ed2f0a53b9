/* Loads the demo organisation: one region, two teams, and a full reporting line
 * rep → manager → director → vp, plus an executive and an admin; then ~30 customers across both
 * teams with contacts, follow-ups and opportunities (confidential/restricted values sealed). */
#include "domain/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "auth/secrets.h"
#include "domain/units.h"
#include "domain/users.h"
#include "util/clock.h"
#include "util/log.h"

struct demo_user {
	const char *username, *display_name, *role, *lang;
	int team;            /* 1, 2 or 0 */
	int region;          /* 1 for the director */
	const char *manager; /* username, created earlier in the list */
};

/* Ordered so that every manager exists before the people who report to them. */
static const struct demo_user demo_users[] = {
	{ "admin", "系统管理员", "admin", "zh-CN", 0, 0, NULL },
	{ "vp1", "孙丽", "vp", "zh-CN", 0, 0, NULL },
	{ "exec1", "周明", "executive", "zh-CN", 0, 0, NULL },
	{ "dir1", "赵强", "director", "zh-CN", 0, 1, "vp1" },
	{ "mgr1", "刘洋", "manager", "zh-CN", 1, 0, "dir1" },
	{ "mgr2", "陈静", "manager", "zh-CN", 2, 0, "dir1" },
	{ "rep1", "张伟", "rep", "zh-CN", 1, 0, "mgr1" },
	{ "rep2", "李娜", "rep", "zh-CN", 1, 0, "mgr1" },
	{ "rep3", "王芳", "rep", "zh-CN", 2, 0, "mgr2" },
};
#define NDEMO (sizeof demo_users / sizeof demo_users[0])

struct demo_tx {
	struct app *app;
	time_t now;
	char hashes[NDEMO][256];
	int skipped;
};

static long long insert_named(struct db *db, enum stmt_id ins, enum stmt_id find, const char *name,
                              long long region, const char *now)
{
	struct dbres *r = NULL;
	long long id = 0;
	int rc;

	if (DB_EXEC(db, find, &r, DBS(name)) != DB_OK)
		return -1;
	if (r->nrows == 1)
		id = dbres_int(r, 0, 0);
	dbres_free(&r);
	if (id)
		return id;
	if (region)
		rc = DB_EXEC(db, ins, &r, DBI(region), DBS(name), DBS(now));
	else
		rc = DB_EXEC(db, ins, &r, DBS(name), DBS(now));
	if (rc)
		return -1;
	id = (long long)r->insert_id;
	dbres_free(&r);
	return id;
}

static int demo_tx_fn(struct db *db, void *p)
{
	struct demo_tx *t = p;
	long long region, teams[3] = { 0 }, ids[NDEMO] = { 0 };
	struct dbres *r = NULL;
	char now[20];
	size_t i, k;
	int rc;

	if (DB_EXEC(db, ST_USER_ID_BY_NAME, &r, DBS("rep1")) != DB_OK)
		return DB_ERR;
	t->skipped = r->nrows > 0;
	dbres_free(&r);
	if (t->skipped)
		return 0;
	clock_fmt_utc(t->now, now);
	region = insert_named(db, ST_REGION_INSERT, ST_REGION_ID_BY_NAME, "华东区", 0, now);
	if (region < 0)
		return DB_ERR;
	teams[1] = insert_named(db, ST_TEAM_INSERT, ST_TEAM_ID_BY_NAME, "华东一组", region, now);
	teams[2] = insert_named(db, ST_TEAM_INSERT, ST_TEAM_ID_BY_NAME, "华东二组", region, now);
	if (teams[1] < 0 || teams[2] < 0)
		return DB_ERR;
	for (i = 0; i < NDEMO; i++) {
		const struct demo_user *d = &demo_users[i];
		struct new_user u = {
			.username = d->username, .display_name = d->display_name, .role = d->role, .lang = d->lang,
			.password_hash = t->hashes[i], .team_id = teams[d->team], .region_id = d->region ? region : 0,
		};
		for (k = 0; d->manager && k < i; k++)
			if (!strcmp(demo_users[k].username, d->manager))
				u.manager_id = ids[k];
		rc = users_insert(db, t->now, &u, &ids[i]);
		if (rc)
			return rc;
	}
	{
		struct audit_event ev = { 0, "demo.seed", "", 0, "cli", "demo organisation and users" };
		return audit_append(db, t->app->audit_key, t->now, &ev);
	}
}

/* ------------------------------------------------------------------ demo customers */

#define NO_FOLLOW 9999

struct demo_contact {
	const char *name, *title, *mail, *role, *personality;
};

struct demo_opp {
	const char *title;
	int stage;
	const char *status, *lost_reason;
	long long list, quote, offer, final;   /* in 万 (10,000) of the customer's currency; 0 = none */
	int close;                             /* expected close, days from today */
	long long cost;                        /* 万, restricted; 0 = none */
	int margin_bp;
};

struct demo_customer {
	const char *name, *industry, *domain;
	int employees;
	long long revenue;                     /* annual revenue in 万 */
	const char *currency, *source, *segment, *intent;
	int stage;
	const char *owner;
	int shared;
	const char *need, *suppliers, *process, *notes;
	int follow;                            /* next follow-up, days from today (< 0 overdue); NO_FOLLOW */
	long long budget;                      /* 万, confidential; 0 = none */
	const char *decision_notes;            /* confidential; NULL = none */
	struct demo_contact contacts[3];
	struct demo_opp opps[2];
	const char *log, *log_channel;         /* one follow-up log entry; NULL = none */
	int age;                               /* created this many days ago */
};

/* Two teams, five owners; all seven personality types; some overdue, some shared, some with
 * confidential budgets and decision notes, and restricted cost/margin on many opportunities. */
static const struct demo_customer demo_customers[] = {
	/* ---- rep1 (华东一组) */
	{ "苏州恒达精密机械有限公司", "智能制造", "hengda-pm.com", 860, 52000, "CNY", "trade_show", "existing", "high", 4,
	  "rep1", 1, "三个车间的排产仍靠Excel，质量问题追溯要两三天，希望上线MES并与现有ERP打通。",
	  "现用用友U8做财务与进销存；MES曾试用某本地厂商产品，因实施团队不稳定中止。",
	  "生产副总牵头评估，IT经理出技术意见，总经理拍板；超过200万需董事会批准。",
	  "客户对上次失败的实施心有余悸，方案里要突出实施团队与里程碑。", -2, 280,
	  "总经理私下表示预算可放宽到300万，但希望一期控制在250万以内以便向董事会汇报。",
	  { { "周建华", "总经理", "zhou.jianhua", "decides", "intimidating" },
	    { "钱志强", "生产副总", "qian.zhiqiang", "recommends", "analytical" },
	    { "孙晓东", "IT经理", "sun.xiaodong", "influences", "know_it_all" } },
	  { { "MES一期（三车间）", 4, "open", NULL, 320, 298, 276, 0, 30, 150, 3200 },
	    { "设备联网与数据采集", 2, "open", NULL, 85, 80, 0, 0, 90, 0, 0 } },
	  "电话沟通一期范围，客户希望先做质量追溯模块，要求下周给出调整后的报价。", "phone", 200 },
	{ "无锡华信汽车部件股份有限公司", "汽车零部件", "huaxin-auto.cn", 2300, 180000, "CNY", "referral", "key", "high", 5,
	  "rep1", 0, "主机厂要求零部件全流程追溯，年底前必须通过审核。",
	  "与国外MES厂商比价，对方报价高约20%，但品牌认可度高。", "质量总监推荐，采购部比价，董事长决定。", "", 1, 500,
	  "董事长倾向本土厂商，但采购部对付款条件（3-6-1）很坚持。",
	  { { "吴海燕", "董事长", "wu.haiyan", "decides", "bargainer" },
	    { "郑伟", "质量总监", "zheng.wei", "recommends", "open_minded" },
	    { "冯磊", "采购经理", "feng.lei", "influences", "complainer" } },
	  { { "质量追溯系统", 5, "open", NULL, 560, 520, 488, 0, 20, 260, 3500 } },
	  "上门拜访质量总监，确认追溯颗粒度到批次，对方提出需对接两家主机厂的系统。", "visit", 400 },
	{ "杭州佳禾食品有限公司", "食品饮料", "jiahe-food.com", 420, 36000, "CNY", "website", "new", "medium", 2, "rep1", 0,
	  "冷链仓储出入库靠纸单，临期品损耗高。", "暂无仓储系统，物流外包给第三方。", "运营经理推荐，总经理决定。",
	  "官网表单留资，对价格敏感。", 5, 0, NULL,
	  { { "何敏", "运营经理", "he.min", "recommends", "hesitant" } },
	  { { "仓储管理系统", 2, "open", NULL, 68, 0, 0, 0, 120, 0, 0 } }, NULL, NULL, 40 },
	{ "南京博远医疗科技有限公司", "医疗器械", "boyuan-med.com", 650, 75000, "CNY", "trade_show", "new", "high", 3, "rep1", 1,
	  "器械注册要求生产记录电子化（UDI），需要电子批记录系统。",
	  "竞争对手是一家医药行业软件公司，报价低但无器械行业案例。", "质量部与生产部联合评估，总经理审批。", "", -1,
	  150, "质量部长是关键推荐人，她对竞品的合规性有疑虑。",
	  { { "林静", "质量部长", "lin.jing", "recommends", "analytical" },
	    { "高勇", "总经理", "gao.yong", "decides", "open_minded" } },
	  { { "电子批记录系统", 3, "open", NULL, 180, 168, 0, 0, 60, 80, 2800 } },
	  "视频演示电子批记录流程，客户关注审计追踪和电子签名合规。", "video", 90 },
	{ "宁波远航物流有限公司", "物流", "yuanhang-log.com", 1200, 95000, "CNY", "association", "existing", "medium", 6,
	  "rep1", 0, "运输管理系统已上线一年，计划扩展到华南两个新仓。", "去年由我方实施TMS，无其他供应商。",
	  "物流总监决定，金额小于50万无需总经理审批。", "老客户复购，满意度较高。", 14, 0, NULL,
	  { { "罗明", "物流总监", "luo.ming", "decides", "open_minded" },
	    { "胡秀英", "调度主管", "hu.xiuying", "uses", "complainer" } },
	  { { "TMS华南扩展", 6, "won", NULL, 45, 42, 40, 39, -20, 20, 4800 },
	    { "年度运维服务", 5, "open", NULL, 12, 12, 11, 0, 10, 0, 0 } },
	  "交付验收完成，调度主管反馈移动端偶有卡顿，已安排排查。", "phone", 500 },
	{ "常州新宇电器有限公司", "家电", "xinyu-elec.com", 300, 28000, "CNY", "social", "new", "low", 1, "rep1", 0,
	  "了解过数字化工厂，暂无明确计划。", "未知。", "未明确。", "公众号文章留言线索。", 80, 0, NULL,
	  { { "马超", "信息中心主任", "ma.chao", "influences", "hesitant" } }, { { NULL } }, NULL, NULL, 15 },
	{ "上海鼎盛化工集团有限公司", "化工", "dingsheng-chem.com", 3500, 420000, "CNY", "referral", "key", "medium", 3,
	  "rep1", 1, "集团五个工厂的安全生产与设备巡检要统一平台。", "各工厂各自采购，系统不统一；集团信息中心偏好大厂商。",
	  "信息中心主任推荐，分管副总裁决定，总裁办备案。", "", -6, 800,
	  "副总裁与信息中心主任意见不一致，副总裁更看重交付周期。",
	  { { "朱建华", "副总裁", "zhu.jianhua", "decides", "intimidating" },
	    { "郭晓东", "信息中心主任", "guo.xiaodong", "recommends", "know_it_all" },
	    { "徐芳", "安全部经理", "xu.fang", "uses", "complainer" } },
	  { { "安全生产与巡检平台", 3, "open", NULL, 900, 860, 0, 0, 120, 420, 3000 } },
	  "拜访信息中心，对方要求提供同类化工集团案例并安排参观。", "visit", 150 },
	{ "嘉兴锦程纺织有限公司", "纺织服装", "jincheng-tex.com", 900, 40000, "CNY", "trade_show", "existing", "medium", 5,
	  "rep1", 0, "外贸订单多批次小批量，希望订单全流程可视。", "现有ERP为本地小厂商定制，维护困难。", "总经理决定。", "",
	  3, 90, NULL,
	  { { "杨娜", "总经理", "yang.na", "decides", "bargainer" },
	    { "黄磊", "跟单主管", "huang.lei", "uses", "open_minded" } },
	  { { "订单协同平台", 5, "on_hold", NULL, 110, 100, 92, 0, 45, 0, 0 },
	    { "ERP迁移", 1, "lost", "客户决定继续使用现有ERP", 60, 0, 0, 0, -30, 0, 0 } },
	  NULL, NULL, 260 },
	/* ---- rep2 (华东一组) */
	{ "合肥中科微电子股份有限公司", "半导体", "zhongke-micro.com", 1500, 260000, "CNY", "whitepaper", "new", "high", 2,
	  "rep2", 0, "晶圆测试数据量大，良率分析靠人工，希望建数据分析平台。", "海外良率分析软件，许可费高，定制困难。",
	  "工艺总监推荐，CTO决定，采购走招标。", "", 0, 350, "CTO表示招标只是形式，技术评分占70%。",
	  { { "陈杰", "CTO", "chen.jie", "decides", "analytical" },
	    { "赵艳", "工艺总监", "zhao.yan", "recommends", "know_it_all" } },
	  { { "良率分析平台", 2, "open", NULL, 380, 0, 0, 0, 150, 190, 3600 } },
	  "下载白皮书后电话回访，工艺总监约下周技术交流。", "phone", 25 },
	{ "绍兴永昌纺织集团有限公司", "纺织服装", "yongchang-group.com", 4200, 350000, "CNY", "association", "key", "medium",
	  4, "rep2", 1, "集团化财务管控，需要业财一体化与合并报表。", "使用金蝶，合并报表靠手工；竞争对手是原厂升级方案。",
	  "财务总监推荐，董事长决定，集团审计部参与评审。", "", -3, 450, "财务总监倾向我方，但董事长与原厂关系密切。",
	  { { "孙明", "董事长", "sun.ming", "decides", "intimidating" },
	    { "李秀英", "财务总监", "li.xiuying", "recommends", "open_minded" },
	    { "王涛", "审计部经理", "wang.tao", "influences", "analytical" } },
	  { { "业财一体化平台", 4, "open", NULL, 520, 480, 455, 0, 40, 230, 3300 } },
	  "财务总监反馈董事长要求再压价5%，并延长质保期。", "phone", 300 },
	{ "温州瑞丰电器有限公司", "家电", "ruifeng-dq.com", 500, 33000, "CNY", "website", "new", "low", 1, "rep2", 0,
	  "咨询门店收银系统，规模较小。", "", "老板一人决定。", "", 85, 0, NULL,
	  { { "吴勇", "总经理", "wu.yong", "decides", "bargainer" } }, { { NULL } }, NULL, NULL, 10 },
	{ "上海汇通电子商务有限公司", "电子商务", "huitong-ec.com", 260, 60000, "CNY", "social", "existing", "high", 5,
	  "rep2", 0, "大促期间订单峰值高，现有OMS扛不住，需要扩容改造。", "自研OMS，开发团队流失严重。",
	  "技术VP决定，CEO知情。", "", 1, 120, "预算已在年度计划中，必须在双十一前上线。",
	  { { "林超", "技术VP", "lin.chao", "decides", "know_it_all" },
	    { "何静", "产品经理", "he.jing", "uses", "hesitant" } },
	  { { "OMS扩容改造", 5, "open", NULL, 130, 125, 118, 0, 15, 60, 4200 } }, NULL, NULL, 120 },
	{ "扬州启航船舶配套有限公司", "船舶配套", "qihang-marine.com", 700, 48000, "CNY", "trade_show", "new", "medium", 2,
	  "rep2", 1, "焊接工艺参数管理混乱，返修率高。", "无。", "生产厂长推荐，总经理决定。", "", 6, 0, NULL,
	  { { "罗军", "生产厂长", "luo.jun", "recommends", "complainer" } },
	  { { "焊接工艺管理系统", 2, "open", NULL, 75, 0, 0, 0, 100, 0, 0 } }, NULL, NULL, 60 },
	{ "湖州百川建设工程有限公司", "建筑工程", "baichuan-jg.com", 1800, 150000, "CNY", "referral", "new", "medium", 3,
	  "rep2", 0, "项目多、分包多，成本核算滞后，需要项目成本管理系统。", "使用造价软件，不含成本过程管控。",
	  "成本总监推荐，总经理决定。", "", -12, 200, NULL,
	  { { "高志强", "总经理", "gao.zhiqiang", "decides", "hesitant" },
	    { "周艳", "成本总监", "zhou.yan", "recommends", "analytical" } },
	  { { "项目成本管控系统", 3, "open", NULL, 210, 198, 0, 0, 75, 95, 3000 } },
	  "成本总监提出需要与造价软件数据对接，技术团队评估中。", "email", 180 },
	{ "芜湖东方汽车部件有限公司", "汽车零部件", "dongfang-ap.com", 1100, 90000, "CNY", "trade_show", "existing", "low",
	  6, "rep2", 0, "二期项目已完成，暂无新需求。", "", "", "年度回访客户。", 60, 0, NULL,
	  { { "郑海燕", "IT经理", "zheng.haiyan", "influences", "open_minded" } },
	  { { "MES二期", 6, "won", NULL, 240, 230, 215, 210, -90, 110, 3800 } }, NULL, NULL, 700 },
	/* ---- rep3 (华东二组) */
	{ "南通海纳生物医药股份有限公司", "生物医药", "haina-bio.com", 950, 120000, "CNY", "whitepaper", "new", "high", 3,
	  "rep3", 0, "GMP审计要求实验室数据完整性，需要LIMS系统。", "竞争对手是国外LIMS厂商，实施周期长。",
	  "QA总监推荐，总经理决定，集团IT备案。", "", -1, 260, "QA总监下季度可能调岗，需尽快推进。",
	  { { "赵敏", "QA总监", "zhao.min", "recommends", "analytical" },
	    { "孙伟", "总经理", "sun.wei", "decides", "open_minded" },
	    { "冯芳", "实验室主管", "feng.fang", "uses", "complainer" } },
	  { { "LIMS实验室管理系统", 3, "open", NULL, 280, 265, 0, 0, 50, 130, 3400 } },
	  "QA总监确认需求清单，要求提供验证文档模板（IQ/OQ/PQ）。", "email", 70 },
	{ "台州正泰精密机械有限公司", "智能制造", "zhengtai-jm.com", 400, 30000, "CNY", "website", "new", "medium", 2,
	  "rep3", 1, "设备利用率不透明，想先做设备联网试点。", "无。", "总经理决定。", "", 4, 0, NULL,
	  { { "陈明", "总经理", "chen.ming", "decides", "hesitant" } },
	  { { "设备联网试点", 2, "open", NULL, 38, 0, 0, 0, 60, 0, 0 } }, NULL, NULL, 35 },
	{ "金华安达物流有限公司", "物流", "anda-wl.com", 600, 45000, "CNY", "association", "existing", "medium", 4, "rep3",
	  0, "冷链运输温控数据需要实时上报客户。", "GPS设备供应商自带平台，功能单一。", "运营总监决定。", "", -4, 60, NULL,
	  { { "黄建华", "运营总监", "huang.jianhua", "decides", "bargainer" },
	    { "许磊", "IT主管", "xu.lei", "influences", "know_it_all" } },
	  { { "冷链监控平台", 4, "open", NULL, 66, 62, 58, 0, 25, 28, 4000 } },
	  "客户要求按车辆数计费，报价模式需要调整。", "phone", 160 },
	{ "徐州宏图工程机械有限公司", "工程机械", "hongtu-cm.com", 2600, 300000, "CNY", "trade_show", "key", "high", 5,
	  "rep3", 1, "售后服务网点分散，配件库存与工单需要统一管理。", "国外服务云报价，价格高。",
	  "服务副总推荐，总裁决定，采购委员会评审。", "", 1, 600, "总裁要求一期不超过400万，二期视效果再定。",
	  { { "朱强", "总裁", "zhu.qiang", "decides", "intimidating" },
	    { "何志强", "服务副总", "he.zhiqiang", "recommends", "open_minded" },
	    { "马艳", "采购经理", "ma.yan", "influences", "bargainer" } },
	  { { "售后服务管理平台一期", 5, "open", NULL, 420, 398, 380, 0, 18, 190, 3500 },
	    { "配件库存优化咨询", 3, "open", NULL, 60, 0, 0, 0, 90, 0, 0 } },
	  "采购委员会评审通过技术标，商务谈判定于下周。", "visit", 220 },
	{ "盐城晨光新能源科技有限公司", "新能源", "chenguang-ne.com", 800, 110000, "CNY", "website", "new", "medium", 1,
	  "rep3", 0, "光伏组件产线扩产，咨询MES。", "", "", "", 7, 0, NULL,
	  { { "周涛", "IT经理", "zhou.tao", "influences", "hesitant" } }, { { NULL } }, NULL, NULL, 8 },
	{ "镇江联合化工有限公司", "化工", "lianhe-chem.com", 700, 65000, "CNY", "referral", "new", "low", 1, "rep3", 0,
	  "了解安全巡检系统，今年无预算。", "", "", "", -20, 0, NULL,
	  { { "吴晓东", "安全部经理", "wu.xiaodong", "influences", "complainer" } },
	  { { "安全巡检系统", 2, "lost", "客户预算冻结", 55, 50, 0, 0, -60, 0, 0 } }, NULL, NULL, 130 },
	{ "上海凯瑞精密仪器有限公司", "精密仪器", "kairui-instruments.com", 350, 2500, "USD", "trade_show", "new", "medium",
	  3, "rep3", 1, "中国工厂需要与德国总部系统对接，界面要求中英文双语。", "总部使用SAP，中国工厂希望用本地化MES。",
	  "中国区总经理推荐，德国总部IT批准。", "外资企业，材料需中英文。", 2, 40, "总部审批周期约两个月，需提前准备英文材料。",
	  { { "Thomas Weber", "中国区总经理", "thomas.weber", "recommends", "analytical" },
	    { "林晓东", "工厂经理", "lin.xiaodong", "uses", "open_minded" } },
	  { { "双语MES", 3, "open", NULL, 45, 42, 0, 0, 100, 20, 3700 } }, NULL, NULL, 95 },
	/* ---- mgr1 (华东一组) */
	{ "上海华泰金融服务有限公司", "金融服务", "huatai-fs.com", 1300, 220000, "CNY", "referral", "key", "high", 4, "mgr1",
	  0, "客户经理拜访记录与合规留痕系统。", "两家SaaS厂商在竞争。", "合规总监推荐，总经理决定。", "", -1, 300,
	  "合规总监与竞争对手关系密切，沟通需谨慎。",
	  { { "王建华", "总经理", "wang.jianhua", "decides", "know_it_all" },
	    { "李静", "合规总监", "li.jing", "recommends", "intimidating" } },
	  { { "合规留痕系统", 4, "open", NULL, 320, 300, 288, 0, 35, 140, 4100 } },
	  "经理陪同拜访总经理，对方对私有化部署有兴趣。", "visit", 140 },
	{ "杭州星辰软件有限公司", "软件与信息服务", "xingchen-soft.com", 220, 18000, "CNY", "social", "new", "medium", 2,
	  "mgr1", 1, "研发项目管理工具分散，考虑统一平台。", "现用国外项目管理工具，许可证续费上涨。", "研发总监决定。", "",
	  9, 0, NULL, { { "蒋磊", "研发总监", "jiang.lei", "decides", "analytical" } },
	  { { "研发项目管理平台", 2, "open", NULL, 40, 0, 0, 0, 70, 0, 0 } }, NULL, NULL, 30 },
	{ "宁波德胜港口物流有限公司", "航运", "desheng-port.com", 2100, 170000, "CNY", "association", "existing", "medium",
	  6, "mgr1", 0, "码头堆场管理系统运行稳定，计划增加智能闸口。", "", "信息部经理推荐，总经理决定。", "", 20, 0, NULL,
	  { { "袁芳", "信息部经理", "yuan.fang", "recommends", "open_minded" } },
	  { { "智能闸口", 6, "won", NULL, 150, 145, 138, 135, -40, 70, 3900 } },
	  "年度回访，客户对堆场系统满意，提出智能闸口二期意向。", "visit", 620 },
	{ "苏州万通商贸有限公司", "连锁零售", "wantong-retail.com", 1600, 88000, "CNY", "website", "new", "high", 1, "mgr1",
	  0, "120家门店会员体系割裂，希望统一会员与营销。", "第三方电商工具加自建小程序。", "市场总监推荐，董事长决定。", "",
	  -2, 0, NULL,
	  { { "韩梅", "市场总监", "han.mei", "recommends", "hesitant" },
	    { "曹勇", "董事长", "cao.yong", "decides", "bargainer" } },
	  { { NULL } }, NULL, NULL, 6 },
	/* ---- mgr2 (华东二组) */
	{ "南京融创智能装备股份有限公司", "智能制造", "rongchuang-ie.com", 1900, 240000, "CNY", "trade_show", "key", "high",
	  5, "mgr2", 1, "多工厂协同排产与供应链可视化。", "SAP ERP；排产用国外APS，许可即将到期。",
	  "供应链副总推荐，董事长决定，超过300万需董事会审批。", "", 0, 700, "董事会下月开会，需本月内锁定商务条款。",
	  { { "彭建华", "董事长", "peng.jianhua", "decides", "intimidating" },
	    { "邓敏", "供应链副总", "deng.min", "recommends", "analytical" },
	    { "谢伟", "计划经理", "xie.wei", "uses", "know_it_all" } },
	  { { "APS高级排产", 5, "open", NULL, 680, 650, 610, 0, 25, 300, 3400 } },
	  "与供应链副总电话沟通，确认付款节点3-6-1。", "phone", 240 },
	{ "无锡志远医疗科技有限公司", "医疗器械", "zhiyuan-med.com", 350, 26000, "CNY", "whitepaper", "new", "medium", 2,
	  "mgr2", 0, "售后设备维修工单与配件管理。", "", "服务经理推荐，总经理决定。", "", -8, 0, NULL,
	  { { "唐静", "服务经理", "tang.jing", "recommends", "complainer" } },
	  { { "设备服务工单系统", 2, "open", NULL, 48, 0, 0, 0, 80, 0, 0 } }, NULL, NULL, 55 },
	{ "常州协鑫光伏材料有限公司", "新能源", "xiexin-pv.com", 2800, 380000, "CNY", "referral", "existing", "medium", 4,
	  "mgr2", 1, "能耗管理与碳排放核算。", "第三方咨询公司做碳核算，没有系统。", "EHS总监推荐，总经理决定。", "", 5, 180,
	  NULL,
	  { { "冯涛", "总经理", "feng.tao", "decides", "open_minded" },
	    { "曾芳", "EHS总监", "zeng.fang", "recommends", "analytical" } },
	  { { "能碳管理平台", 4, "open", NULL, 190, 180, 172, 0, 45, 85, 3600 } },
	  "EHS总监邮件确认试点范围为两个车间。", "email", 110 },
	{ "上海朗星电子商务有限公司", "电子商务", "langxing-ec.com", 180, 15000, "CNY", "social", "new", "low", 1, "mgr2", 0,
	  "咨询客服系统，决策人不明确。", "", "", "", 88, 0, NULL,
	  { { "沈超", "运营主管", "shen.chao", "uses", "hesitant" } }, { { NULL } }, NULL, NULL, 12 },
};
#define NDEMO_CUSTOMERS (sizeof demo_customers / sizeof demo_customers[0])

#define WAN (10000LL * 100)   /* 万 in minor units */

struct demo_owner {
	long long id, team, region;
};

static int demo_owner(struct db *db, const char *username, struct demo_owner *o)
{
	struct dbres *r = NULL;
	int rc = DB_EXEC(db, ST_SEED_OWNER, &r, DBS(username));

	if (rc != DB_OK)
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		log_err("demo data: user %s missing", username);
		return DB_ERR;
	}
	o->id = dbres_int(r, 0, 0);
	o->team = dbres_int(r, 0, 1);
	o->region = dbres_int(r, 0, 2);
	dbres_free(&r);
	return DB_OK;
}

static struct dbp money(long long wan)
{
	return wan > 0 ? DBI(wan * WAN) : DBNULL;
}

/* Stage history: created at stage 1, then one step a stage up to where it is; a closed or paused
 * opportunity's last step carries its status. */
static int demo_stages(struct db *db, long long opp, const struct demo_opp *o, long long by, time_t from, time_t to)
{
	char at[20];
	int s, rc, steps = o->stage > 1 ? o->stage : (strcmp(o->status, "open") ? 2 : 1);

	clock_fmt_utc(from, at);
	rc = DB_EXEC(db, ST_SEED_STAGES_1, NULL, DBI(opp), DBNULL, DBI(1), DBS("open"), DBI(by), DBS(at));
	for (s = 2; rc == DB_OK && s <= steps; s++) {
		int to_stage = o->stage > 1 ? s : 1;
		clock_fmt_utc(from + (to - from) * (s - 1) / steps, at);
		rc = DB_EXEC(db, ST_SEED_STAGES_1, NULL, DBI(opp), DBI(to_stage == 1 ? 1 : s - 1), DBI(to_stage),
		             DBS(s == steps ? o->status : "open"), DBI(by), DBS(at));
	}
	return rc;
}

static int demo_customer(struct app *app, struct db *db, time_t now, size_t idx, const struct demo_customer *d)
{
	struct demo_owner o;
	struct dbres *r = NULL;
	char created[20], updated[20], follow[11], date[11], buf[64];
	time_t t_created = now - (time_t)d->age * 86400 - (time_t)(idx * 3571 % 28800);
	long long id;
	size_t k;
	int rc;

	rc = demo_owner(db, d->owner, &o);
	if (rc != DB_OK)
		return rc;
	clock_fmt_utc(t_created, created);
	clock_fmt_utc(now - (time_t)(d->age / 5 + 1) * 3600, updated);
	if (d->follow != NO_FOLLOW)
		date_of(now, "Asia/Shanghai", d->follow, follow);
	rc = DB_EXEC(db, ST_SEED_CUSTOMERS_1, &r, DBS(d->name), DBS(d->industry), DBI(d->employees), money(d->revenue),
	             DBS(d->currency), DBS(d->source), DBS(d->segment), DBS(d->intent), DBI(d->stage), DBI(o.id),
	             DBI(o.team), DBI(o.region), DBI(d->shared), DBS(d->need), DBS(d->suppliers), DBS(d->process),
	             DBS(d->notes), d->follow != NO_FOLLOW ? DBS(follow) : DBNULL, DBI(o.id), DBS(created),
	             DBS(updated));
	if (rc != DB_OK)
		return rc;
	id = (long long)r->insert_id;
	dbres_free(&r);

	/* Confidential values are bound to the row id, so they are sealed once it exists. */
	if (d->budget) {
		snprintf(buf, sizeof buf, "%s %lld", d->currency, d->budget * WAN);
		rc = secret_store(app, db, SF_CUSTOMER_BUDGET, id, buf);
		if (rc != DB_OK)
			return rc;
	}
	if (d->decision_notes) {
		rc = secret_store(app, db, SF_CUSTOMER_DECISION_NOTES, id, d->decision_notes);
		if (rc != DB_OK)
			return rc;
	}

	for (k = 0; k < 3 && d->contacts[k].name; k++) {
		const struct demo_contact *c = &d->contacts[k];
		char phone[16], email[96];
		snprintf(phone, sizeof phone, "1%d%08lld", 38 + (int)(k % 2), (long long)(idx * 7919 + k * 104729) % 100000000);
		snprintf(email, sizeof email, "%s@%s", c->mail, d->domain);
		rc = DB_EXEC(db, ST_SEED_CONTACTS_1, NULL, DBI(id), DBS(c->name), DBS(c->title), DBS(phone), DBS(email),
		             DBS(c->role), DBS(c->personality), DBS(""), DBS(created), DBS(created));
		if (rc != DB_OK)
			return rc;
	}

	if (d->log) {
		date_of(now, "Asia/Shanghai", -(int)(idx % 5) - 2, date);
		rc = DB_EXEC(db, ST_SEED_FOLLOWUP_INSERT, NULL, DBI(id), DBI(o.id), DBS(date), DBS(d->log_channel),
		             DBS(d->log), d->follow != NO_FOLLOW ? DBS(follow) : DBNULL, DBS(updated));
		if (rc != DB_OK)
			return rc;
	}

	for (k = 0; k < 2 && d->opps[k].title; k++) {
		const struct demo_opp *p = &d->opps[k];
		time_t t_opp = t_created + (time_t)d->age * 86400 / 5;
		char opp_created[20];
		long long opp;

		clock_fmt_utc(t_opp, opp_created);
		date_of(now, "Asia/Shanghai", p->close, date);
		rc = DB_EXEC(db, ST_SEED_OPPS_1, &r, DBI(id), DBS(p->title), DBI(p->stage), DBS(d->currency), money(p->list),
		             money(p->quote), money(p->offer), money(p->final), DBS(date), DBS(p->status),
		             DBS(p->lost_reason ? p->lost_reason : ""), DBI(o.id), DBS(opp_created), DBS(updated));
		if (rc != DB_OK)
			return rc;
		opp = (long long)r->insert_id;
		dbres_free(&r);
		rc = demo_stages(db, opp, p, o.id, t_opp, now - 3600);
		if (rc != DB_OK)
			return rc;
		if (p->cost) {
			snprintf(buf, sizeof buf, "%lld", p->cost * WAN);
			rc = secret_store(app, db, SF_OPP_COST, opp, buf);
			if (rc == DB_OK) {
				snprintf(buf, sizeof buf, "%d", p->margin_bp);
				rc = secret_store(app, db, SF_OPP_MARGIN, opp, buf);
			}
			if (rc != DB_OK)
				return rc;
		}
	}
	return DB_OK;
}

struct demo_cust_tx {
	struct app *app;
	time_t now;
	int skipped;
};

static int demo_customers_fn(struct db *db, void *p)
{
	struct demo_cust_tx *t = p;
	struct dbres *r = NULL;
	size_t i;
	int rc;

	rc = db_exec(db, ST_SEED_CUSTOMER_ANY, NULL, 0, &r);
	if (rc != DB_OK)
		return rc;
	t->skipped = r->nrows > 0;
	dbres_free(&r);
	if (t->skipped)
		return 0;
	for (i = 0; i < NDEMO_CUSTOMERS; i++) {
		rc = demo_customer(t->app, db, t->now, i, &demo_customers[i]);
		if (rc != DB_OK)
			return rc;
	}
	{
		struct audit_event ev = { 0, "demo.customers", "", 0, "cli",
			                  "demo customers, contacts, follow-ups and opportunities" };
		return audit_append(db, t->app->audit_key, t->now, &ev);
	}
}

int demo_seed(struct app *app)
{
	static struct demo_tx t;
	size_t i;
	int rc;

	memset(&t, 0, sizeof t);
	t.app = app;
	t.now = clock_now(app->cfg.clock_offset_file);
	for (i = 0; i < NDEMO; i++)
		if (password_hash(DEMO_PASSWORD, t.hashes[i], sizeof t.hashes[i]) < 0)
			return -1;
	rc = db_tx(app->db, demo_tx_fn, &t);
	if (rc) {
		log_err("demo data: failed (%d)", rc);
		return -1;
	}
	printf(t.skipped ? "demo data already present\n" : "demo data loaded\n");

	{
		struct demo_cust_tx c = { app, t.now, 0 };
		rc = db_tx(app->db, demo_customers_fn, &c);
		if (rc) {
			log_err("demo customers: failed (%d)", rc);
			return -1;
		}
		if (c.skipped)
			printf("customers already present: no demo customers added\n");
		else
			printf("demo customers loaded (%zu)\n", NDEMO_CUSTOMERS);
	}
	if (demo_negotiations(app, t.now) < 0)
		return -1;
	if (demo_concessions(app, t.now) < 0)
		return -1;
	if (demo_kpi(app, t.now) < 0)
		return -1;
	return demo_team(app, t.now);
}
