/**
 * The characters that make up most of real text in Chinese, Japanese and
 * Korean, written down from general knowledge of character frequency (the
 * familiar "most used characters" orderings), plus the vocabulary of identity
 * and configuration comments. The legacy detector asks how many characters of
 * a multi-byte reading are among these: a wrong reading of the bytes lands on
 * characters spread evenly over a character set's thousands of code points,
 * so few of them are frequent, while a right one is mostly frequent
 * characters. Exactness of the lists does not matter; their size does.
 */

// About a thousand of the most used simplified Chinese characters.
const HANS =
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵' +
  // Software and identity vocabulary.
  '服务器配置客户端资源作用域用户登录注销密钥签名开发生产环境数据库迁移运行测试说明注册码键证授权令牌验访问据库档案页录钥签迁端址链接缓存储载删除错误异常调试初始化参数返回值类型函属性对象列表索引字段串输入出读写启动停止默认选项屏幕身份令牌凭据颁发者范围声明';

// The same, in traditional characters (Big5 files), where they differ.
const HANT =
  '這個們來為國說時會對過發後裡經麼學現當動還進樣實軍長機與無關點業將兩間問並應戰頭體見產給內話還開從聽卻達難權象設記類據邊張該規萬覺術領確傳師觀讓識帶導爭運飛風聯組濟親極辦議證轉準遠單羅愛擊備連調團價黨華級離況亞請際約復線斷滿視須增寫稱農裝廣顯談圖歷醫專費號盡較語僅隨選紅響雖勢參眾構節劃敵陳態護興驗責營夠嚴續講終緊黃絕織鬥雙紀採舉殺蘇訴細願錢網熱屬臉職樂剛狀獨彈錯蘭試腦預誰陽繼驚傷藥適衛險陸習勞財環納歡獲雲遊龍樹層衝範異漢簡擔靜餘檢靈協佔徵揮勝階審堅媽劉讀壓銀買養懷執亂幫歲優鐵稅藝陣腳惡塊頓島戶評寶釋顧貨歐換聞壞討麗監臨艦魚雜誤灣減測敗夢溫劍漸貴槍樓縣畫遺謝魯慮銷鐘詩趕劇損舊錄葉鄉禮婦歸飯額順輸搖脫補謂療澤滅筆鮮詞聖擇尋廠煙諾倫奧賣載宮榮孫頂鎮練爺館礎寧紙諸訓莊絲戲隱訪蒙軟盤擴蓋穩億擁齊賽虛購揚綠貿畢輪庫跡競棄偉緩潛閃燈絡純頁傑築鄭貝吳圓殘寬擺毀趙' +
  '伺服器設定用戶端資源範圍使用者登入登出金鑰簽章開發生產環境資料庫說明測試碼鍵證權驗訪問檔頁錄鑰簽遷鏈緩儲載刪誤異類屬對輸讀寫啟預選項憑據頒聲許讓認識錯誤';

// Kanji that Japanese writes differently from both Chinese forms, and common in software text.
const JA_KANJI = '証込払続検転読変関図択済実権応対号数値画処理構成報録発開閉覧効無様戻隠歳円駅届県鍵署名番本移行示表能予定登削除更新取得保存書失敗功確認入力出面情利用者管接環境設認証覧択';

// About three hundred of the most used Hangul syllables, with those of software text.
const HANGUL =
  '이다는의에을하고가로서지한기리사자도스수정어아대인나시트그일해있게상적전보원성제주부만구들장경면것소비라우화여조동국없관공용러터신드오과문마무계요니세내중방르위연개생히발물행실선결할된되데까했습를은와께음받모번후호식안회잘거말명분유야점저미파프크버레바티디템베타려며던위께및또등각더통합변경설정추가삭제입력출확취소검색파일폴더열기닫기저장불러오기연결실패성공오류경고알림사용자이름비밀번호로그인아웃계정권한인증토큰키서명발급범위클라이언트리소스데이터베이스마이그레이션구성환경개발운영테스트설명주석값목록항목';

/** Simplified: GBK files. Traditional forms count as rare there, as they are in mainland text. */
export const FREQUENT_HANS: ReadonlySet<string> = new Set([...HANS]);
/** Big5 files: the traditional forms, and the characters both scripts share. */
export const FREQUENT_HANT: ReadonlySet<string> = new Set([...HANS, ...HANT]);
export const FREQUENT_JA_KANJI: ReadonlySet<string> = new Set([...HANS, ...HANT, ...JA_KANJI]);
export const FREQUENT_HANGUL: ReadonlySet<string> = new Set([...HANGUL]);
