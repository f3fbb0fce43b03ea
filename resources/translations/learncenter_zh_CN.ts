<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConfirmationPage</name>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="64" />
        <source>Scan or type the ID number, or a name, pinyin or registration number</source>
        <translation>扫描或输入身份证号，也可输入姓名、拼音或报名号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="74" />
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="211" />
        <source>ID card &amp;front…</source>
        <translation>身份证正面(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="75" />
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="212" />
        <source>ID card &amp;back…</source>
        <translation>身份证反面(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="76" />
        <source>The card matches the person and the record (&amp;K)</source>
        <translation>证件与本人、记录一致(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="77" />
        <source>1. ID card</source>
        <translation>1. 身份证</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="86" />
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="219" />
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="90" />
        <source>&amp;Photo from file…</source>
        <translation>从文件导入照片(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="92" />
        <source>Supervisor &amp;accepts this photo…</source>
        <translation>主管批准使用此照片(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="94" />
        <source>2. Standard photo</source>
        <translation>2. 标准照片</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="106" />
        <source>&amp;Diploma scan…</source>
        <translation>毕业证书扫描件(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="107" />
        <source>C&amp;HSI record form…</source>
        <translation>学信网备案表(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="108" />
        <source>3. Prior diploma</source>
        <translation>3. 前置学历证书</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="119" />
        <source>I have reviewed the findings above (&amp;R)</source>
        <translation>以上待核问题已人工核对(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="120" />
        <source>Confirm and seal (Ctrl+Enter)</source>
        <translation>确认并封存（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="121" />
        <source>Re&amp;fuse…</source>
        <translation>拒绝(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="122" />
        <source>4. Eligibility</source>
        <translation>4. 报考资格</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="148" />
        <source>ID card front</source>
        <translation>身份证正面</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="149" />
        <source>ID card back</source>
        <translation>身份证反面</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="150" />
        <source>Diploma</source>
        <translation>毕业证书</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="151" />
        <source>CHSI record form</source>
        <translation>学信网备案表</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="184" />
        <source>Nobody matches; check the number or search by name.</source>
        <translation>没有匹配的考生：请核对号码，或按姓名查找。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="201" />
        <source>This record is sealed; a correction needs a supervisor.</source>
        <translation>此记录已封存；如需更正须经主管批准。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="206" />
        <source>The ID number agrees with the record's birth date and gender.</source>
        <translation>身份证号与记录中的出生日期、性别一致。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="220" />
        <source>Attempts: %n</source>
        <translation><numerusform>拍摄次数：%n</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="223" />
        <source>Certificate: %1
CHSI code: %2
Report: %3</source>
        <translation>毕业证书编号：%1
学信网在线验证码：%2
学历认证报告编号：%3</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="229" />
        <source>Eligible</source>
        <translation>符合报考条件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="229" />
        <source>Not eligible</source>
        <translation>不符合报考条件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="230" />
        <source>Needs review</source>
        <translation>需人工核对</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="247" />
        <source>Something went wrong; nothing already saved was lost. Try again.</source>
        <translation>操作未完成，已保存的数据没有丢失。请重试。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="271" />
        <source>Standard photo</source>
        <translation>标准照片</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="287" />
        <source>All checks passed.</source>
        <translation>全部检查通过。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="313" />
        <source>Accepted by the supervisor.</source>
        <translation>主管已批准使用此照片。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="338" />
        <source>%1 is confirmed and sealed. Printing the receipt…</source>
        <translation>%1 已确认并封存，正在打印回执……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="345" />
        <source>Printing the receipt…</source>
        <translation>正在打印回执……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="345" />
        <source>Receipt sent to print.</source>
        <translation>回执已发送打印。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="351" />
        <source>Sealed, but the receipt could not be made: %1. Print it again from the queue.</source>
        <translation>已封存，但回执未能生成：%1。请稍后从队列中重新打印。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="359" />
        <source>%1 was refused; the reason is kept with the record.</source>
        <translation>已拒绝 %1，原因已随记录保存。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/idle_lock.py" line="26" />
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/idle_lock.py" line="33" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/idle_lock.py" line="35" />
        <source>The session of %1 is locked. Enter the password to go on.</source>
        <translation>%1 的会话已锁定。请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/idle_lock.py" line="48" />
        <source>Try again.</source>
        <translation>请重试。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/login_dialog.py" line="34" />
        <source>DEMO database — generated data only. Try clerk / clerk-demo.</source>
        <translation>演示库（DEMO）——仅含生成的数据。可用 clerk / clerk-demo 登录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/login_dialog.py" line="36" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/login_dialog.py" line="61" />
        <source>Opening the database…</source>
        <translation>正在打开数据库……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/login_dialog.py" line="80" />
        <source>Signing in failed unexpectedly; nothing was changed.</source>
        <translation>登录时发生意外错误，未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="6" />
        <source>Sign in — learncenter</source>
        <translation>登录 — learncenter</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="10" />
        <source>learncenter</source>
        <translation>learncenter</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="23" />
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="30" />
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="40" />
        <source>Learning center</source>
        <translation>学习中心</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="42" />
        <source>DEMO</source>
        <translation>演示库</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="47" />
        <source>Queue</source>
        <translation>考生队列</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="48" />
        <source>Confirmation</source>
        <translation>现场确认</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="49" />
        <source>Returned records</source>
        <translation>退回记录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="69" />
        <source>Signed in: %1 (%2)</source>
        <translation>当前用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="101" />
        <source>Sealed, not yet sent: %1</source>
        <translation>已封存未上报：%1</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="16" />
        <source>The ID card does not match the person</source>
        <translation>身份证与本人不符</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="17" />
        <source>The prior diploma does not qualify for this level</source>
        <translation>前置学历不符合该层次报考要求</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="18" />
        <source>No CHSI record form or certification report</source>
        <translation>未提供学信网备案表或学历认证报告</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="19" />
        <source>Does not meet the age requirement</source>
        <translation>年龄不符合报考要求</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="20" />
        <source>The candidate did not appear in person</source>
        <translation>考生本人未到场</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="21" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="27" />
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="34" />
        <source>Supervisor approval</source>
        <translation>主管批准</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="38" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="39" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="51" />
        <source>Refuse</source>
        <translation>拒绝确认</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="56" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="57" />
        <source>Details</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="27" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="27" />
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="27" />
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="27" />
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="28" />
        <source>Level</source>
        <translation>层次</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="28" />
        <source>Major</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="28" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="28" />
        <source>Registration no.</source>
        <translation>报名号</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="29" />
        <source>ID number, name, pinyin initials or registration number</source>
        <translation>身份证号、姓名、拼音首字母或报名号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="32" />
        <source>Waiting for confirmation</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="33" />
        <source>Sealed</source>
        <translation>已封存</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="35" />
        <source>Returned by the registry</source>
        <translation>被上级退回</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="36" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/queue_page.py" line="95" />
        <location filename="../../src/learncenter/ui/queue_page.py" line="100" />
        <source>%n record(s)</source>
        <translation><numerusform>%n 条记录</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="105" />
        <source>Search failed; try again.</source>
        <translation>查找失败，请重试。</translation>
    </message>
</context>
<context>
    <name>ReturnedPage</name>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="27" />
        <source>No records have come back from the registry.

When the registry returns a record (for example because a scan is unreadable), it appears here with the registry's reason, and a supervisor-approved correction sends it again.</source>
        <translation>目前没有被上级退回的记录。

上级退回记录时（例如扫描件无法辨认），记录会连同退回原因出现在这里；经主管批准更正后会重新上报。</translation>
    </message>
</context>
</TS>